using System.Globalization;

namespace FollowerAudit.IO.Import;

/// <summary>Parses CSV/JSON cell text into typed values (invariant culture). Null or blank text is a missing value.</summary>
internal static class CellParser
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
    ];

    public static bool IsBlank(string? s) => string.IsNullOrWhiteSpace(s);

    public static bool TryLong(string? s, out long? value)
    {
        value = null;
        if (IsBlank(s))
        {
            return true;
        }

        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            value = v;
            return true;
        }

        // Some exports write counts as "12.0".
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    public static bool TryDouble(string? s, out double? value)
    {
        value = null;
        if (IsBlank(s))
        {
            return true;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            value = v;
            return true;
        }

        return false;
    }

    /// <summary>Booleans: 1/0, true/false, yes/no (any case). Blank is <paramref name="blank"/>.</summary>
    public static bool TryBool(string? s, bool? blank, out bool? value)
    {
        value = blank;
        if (IsBlank(s))
        {
            return true;
        }

        switch (s!.Trim().ToUpperInvariant())
        {
            case "1" or "TRUE" or "YES" or "T" or "Y":
                value = true;
                return true;
            case "0" or "FALSE" or "NO" or "F" or "N":
                value = false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Timestamps as UTC: Twitter's <c>Thu Sep 08 13:20:35 +0000 2011</c>, ISO 8601 (with or without offset; no offset =
    /// UTC), or Unix time in seconds (or milliseconds when above 10^11).
    /// </summary>
    public static bool TryTimestamp(string? s, out DateTime? value)
    {
        value = null;
        if (IsBlank(s))
        {
            return true;
        }

        var text = s!.Trim();
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 6 && parts[4].Length == 5 && (parts[4][0] == '+' || parts[4][0] == '-'))
        {
            var iso = $"{parts[5]} {parts[1]} {parts[2]} {parts[3]} {parts[4][..3]}:{parts[4][3..]}";
            if (DateTimeOffset.TryParseExact(iso, "yyyy MMM dd HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var tw))
            {
                value = tw.UtcDateTime;
                return true;
            }

            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
        {
            var seconds = unix > 1e11 ? unix / 1000 : unix;
            if (seconds is < 0 or > 4e9)
            {
                return false;
            }

            value = DateTime.UnixEpoch.AddSeconds(seconds);
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
        {
            value = dto.UtcDateTime;
            return true;
        }

        return false;
    }
}
