using System.Globalization;

namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// Plausible handles, names, bios and locations from small word lists. Display names, bios and locations come from
/// shared banks (one string instance per distinct value), so a million-account world does not allocate a million bios.
/// </summary>
internal sealed class ProfileText
{
    /// <summary>Longest handle, as on X/Twitter.</summary>
    public const int MaxHandleLength = 15;

    private static readonly string[] FirstNames =
    [
        "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Kate", "Liam", "Maria",
        "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tina", "Umar", "Vera", "Will", "Xavier", "Yuki", "Zoe",
        "Aisha", "Bruno", "Chloe", "Diego", "Emma", "Felix", "Gina", "Hana", "Ivan", "Julia", "Kenji", "Lena", "Marco",
        "Nina", "Oscar", "Priya", "Rafael", "Sofia", "Tom", "Lucia", "Mehmet", "Sara", "Ali", "Chris", "Jess", "Mia",
        "Leo", "Ana", "Jack", "Laura", "Omar", "Paula", "Ravi", "Ella",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Garcia", "Muller", "Rossi", "Silva", "Kim", "Nguyen", "Johnson", "Martin", "Lopez", "Brown", "Novak",
        "Tanaka", "Khan", "Dubois", "Jensen", "Kowalski", "Moreau", "Santos", "Yilmaz", "Ivanova", "Cohen", "Murphy",
        "Fischer", "Costa", "Andersen", "Patel", "Walker", "Reyes", "Schmidt", "Baker", "Wright", "Hughes", "Torres",
        "Ferrari", "Larsen", "Okafor", "Mensah", "Sato", "Chen", "Wang", "Singh", "Ali", "Haddad", "Nowak", "Horvat",
        "Popescu", "Berg", "Lindqvist", "Romero",
    ];

    private static readonly string[] Words =
    [
        "sun", "moon", "river", "pixel", "coffee", "urban", "wild", "blue", "red", "forest", "city", "lazy", "happy",
        "quiet", "storm", "ocean", "night", "dream", "code", "travel", "food", "green", "music", "bike", "star", "fox",
        "wolf", "cat", "bear", "lemon", "mango", "cloud", "retro", "neon", "paper", "golden", "silver", "north", "south",
        "salty", "spicy", "tiny", "big", "real", "just", "daily", "chef", "art", "film", "book",
    ];

    private static readonly string[] Roles =
    [
        "Designer", "Teacher", "Nurse", "Software engineer", "Student", "Photographer", "Writer", "Mum of two",
        "Dad of three", "Runner", "Barista", "Data nerd", "Journalist", "Architect", "PhD student", "Small business owner",
        "Musician", "Chef", "Doctor", "Lawyer", "Gardener", "Marketing", "Retired", "Illustrator", "Product manager",
    ];

    private static readonly string[] Interests =
    [
        "coffee", "football", "travel", "books", "hiking", "vinyl", "cats", "dogs", "yoga", "climate", "cooking",
        "film", "gaming", "jazz", "cycling", "tech", "fashion", "politics", "photography", "surfing", "art", "history",
        "science", "skincare", "crypto", "running", "wine", "tea", "anime", "gardening",
    ];

    private static readonly string[] Cities =
    [
        "London, UK", "Berlin", "Paris, France", "Madrid", "Lisbon", "New York, NY", "Los Angeles, CA", "Chicago",
        "Toronto", "Sao Paulo", "Mexico City", "Buenos Aires", "Istanbul", "Rome", "Milan", "Amsterdam", "Stockholm",
        "Warsaw", "Dublin", "Manchester", "Austin, TX", "Seattle", "Tokyo", "Seoul", "Lagos", "Nairobi", "Mumbai",
        "Sydney", "Melbourne", "Cape Town", "Vienna", "Zurich", "Prague", "Barcelona", "Brooklyn", "California",
        "Texas", "somewhere", "earth", "the internet",
    ];

    private static readonly string[] FirstNamesLower = [.. FirstNames.Select(n => n.ToLowerInvariant())];

    private static readonly string[] LastNamesLower = [.. LastNames.Select(n => n.ToLowerInvariant())];

    private static readonly string[] Emojis = ["", "", "", " \u2728", " \u2615", " \U0001F30D", " \U0001F3B5", " \U0001F4F8", " \U0001F49B"];

    private static readonly string[] Langs = ["en", "en", "en", "en", "en", "en", "es", "es", "pt", "fr", "de", "ja", "tr", "it", "nl", "ru"];

    private readonly string[] _displayNames;
    private readonly string[] _bios;
    private readonly string[] _locations;

    /// <summary>Builds the shared banks from a dedicated generator.</summary>
    public ProfileText(Random rng)
    {
        _displayNames = new string[FirstNames.Length * LastNames.Length];
        for (var f = 0; f < FirstNames.Length; f++)
        {
            for (var l = 0; l < LastNames.Length; l++)
            {
                _displayNames[(f * LastNames.Length) + l] = FirstNames[f] + " " + LastNames[l];
            }
        }

        _bios = new string[2048];
        for (var i = 0; i < _bios.Length; i++)
        {
            _bios[i] = MakeBio(rng);
        }

        _locations = Cities;
    }

    /// <summary>A language code, mostly English.</summary>
    public static string Lang(Random rng) => Sampling.Pick(rng, Langs);

    /// <summary>A display name from the bank ("First Last"), or a first name alone.</summary>
    public string DisplayName(Random rng) =>
        Sampling.Chance(rng, 0.15) ? Sampling.Pick(rng, FirstNames) : Sampling.Pick(rng, _displayNames);

    /// <summary>A bio from the bank.</summary>
    public string Bio(Random rng) => Sampling.Pick(rng, _bios);

    /// <summary>A free-text location.</summary>
    public string Location(Random rng) => Sampling.Pick(rng, _locations);

    /// <summary>A handle as people choose them: names and words, digits in about a quarter of them.</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="digitShare">Probability of trailing digits.</param>
    public static string HumanHandle(Random rng, double digitShare = 0.25)
    {
        // Composed in a stack buffer: one allocation per handle matters in million-account worlds.
        Span<char> buffer = stackalloc char[48];
        var length = 0;
        var first = Sampling.Pick(rng, FirstNamesLower);
        var last = Sampling.Pick(rng, LastNamesLower);
        var word = Sampling.Pick(rng, Words);
        switch (rng.Next(6))
        {
            case 0:
                Append(buffer, ref length, first);
                Append(buffer, ref length, last);
                break;
            case 1:
                Append(buffer, ref length, first);
                Append(buffer, ref length, "_");
                Append(buffer, ref length, last);
                break;
            case 2:
                Append(buffer, ref length, word);
                Append(buffer, ref length, Sampling.Pick(rng, Words));
                break;
            case 3:
                Append(buffer, ref length, word);
                Append(buffer, ref length, "_");
                Append(buffer, ref length, first);
                break;
            case 4:
                Append(buffer, ref length, first);
                Append(buffer, ref length, "_");
                Append(buffer, ref length, last.AsSpan(0, 1));
                break;
            default:
                Append(buffer, ref length, first.AsSpan(0, 1));
                Append(buffer, ref length, last);
                break;
        }

        if (Sampling.Chance(rng, digitShare))
        {
            var number = Sampling.Chance(rng, 0.4) ? rng.Next(1960, 2008) : rng.Next(1, 1000);
            number.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture);
            length += written;
        }

        return new string(buffer[..Math.Min(length, MaxHandleLength)]);
    }

    /// <summary>
    /// The handle a platform suggests at sign-up and many real people keep: the start of their name and eight digits.
    /// </summary>
    public static string SuggestedHandle(Random rng)
    {
        Span<char> buffer = stackalloc char[MaxHandleLength];
        var name = Sampling.Pick(rng, FirstNamesLower) + Sampling.Pick(rng, LastNamesLower);
        var letters = Math.Min(name.Length, MaxHandleLength - 8);
        name.AsSpan(0, letters).CopyTo(buffer);
        for (var i = letters; i < letters + 8; i++)
        {
            buffer[i] = (char)('0' + rng.Next(10));
        }

        return new string(buffer[..(letters + 8)]);
    }

    /// <summary>A bulk-bot handle: a name or random letters followed by many digits.</summary>
    public static string BotHandle(Random rng)
    {
        Span<char> buffer = stackalloc char[32];
        var length = 0;
        if (Sampling.Chance(rng, 0.6))
        {
            Append(buffer, ref length, Sampling.Pick(rng, FirstNamesLower));
        }
        else
        {
            var letters = rng.Next(5, 9);
            for (var i = 0; i < letters; i++)
            {
                buffer[length++] = (char)('a' + rng.Next(26));
            }
        }

        var digits = rng.Next(5, 9);
        for (var i = 0; i < digits; i++)
        {
            buffer[length++] = (char)('0' + rng.Next(10));
        }

        // Keep the digits when the name is long: bot handles end in digits.
        return length <= MaxHandleLength ? new string(buffer[..length]) : new string(buffer[(length - MaxHandleLength)..length]);
    }

    /// <summary>A bot display name: a first name, sometimes with digits, sometimes nothing.</summary>
    public static string? BotDisplayName(Random rng)
    {
        var r = rng.NextDouble();
        return r switch
        {
            < 0.5 => Sampling.Pick(rng, FirstNames),
            < 0.8 => Sampling.Pick(rng, FirstNames) + rng.Next(10, 999).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>A one-word bio of a bulk bot.</summary>
    public static string BotBio(Random rng) => Sampling.Pick(rng, Interests);

    private static string MakeBio(Random rng)
    {
        var role = Sampling.Pick(rng, Roles);
        var a = Sampling.Pick(rng, Interests);
        var b = Sampling.Pick(rng, Interests);
        var emoji = Sampling.Pick(rng, Emojis);
        return rng.Next(5) switch
        {
            0 => $"{role} | {a} & {b}{emoji}",
            1 => $"{role} based in {Sampling.Pick(rng, Cities)}. Into {a}, {b}.",
            2 => $"{a} lover{emoji} {role.ToLowerInvariant()}. Views my own.",
            3 => $"{role}. {a}. {b}.{emoji}",
            _ => $"Just a {role.ToLowerInvariant()} who loves {a}{emoji}",
        };
    }

    private static void Append(Span<char> buffer, ref int length, ReadOnlySpan<char> text)
    {
        text.CopyTo(buffer[length..]);
        length += text.Length;
    }
}
