using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace FollowerAudit.IO;

/// <summary>
/// The one description of the dataset format: which tables and columns exist, their types, which are required and
/// what they mean. <see cref="DatasetReader"/> validates files against it and <see cref="Describe"/> prints it for
/// <c>followeraudit schema</c>; docs/data-format.md repeats <see cref="Describe"/> verbatim (a test checks it).
/// </summary>
public static class DataContract
{
    /// <summary>Timestamps before this instant (UTC) are rejected: none of the platforms existed yet.</summary>
    public static readonly DateTime EarliestTimestamp = new(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How far past the clock's "now" a timestamp may lie before it is rejected as a future timestamp.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    internal static TableContract Accounts { get; } = new(
        "accounts",
        Required: true,
        "One row per account: audited targets and their followers.",
        [
            new("account_id", ColumnType.Id, Required: true, "unique account id"),
            new("handle", ColumnType.Text, Required: false, "screen name / username"),
            new("display_name", ColumnType.Text, Required: false, "display name"),
            new("created_at", ColumnType.Timestamp, Required: false, "account creation time"),
            new("followers_count", ColumnType.Count, Required: false, "public follower count"),
            new("following_count", ColumnType.Count, Required: false, "public following (friends) count"),
            new("posts_count", ColumnType.Count, Required: false, "number of posts"),
            new("likes_given_count", ColumnType.Count, Required: false, "likes (favourites) given"),
            new("listed_count", ColumnType.Count, Required: false, "number of public lists the account is on"),
            new("bio", ColumnType.Text, Required: false, "profile description"),
            new("location", ColumnType.Text, Required: false, "free-text location"),
            new("url", ColumnType.Text, Required: false, "profile URL"),
            new("has_avatar", ColumnType.Boolean, Required: false, "has a custom profile picture"),
            new("verified", ColumnType.Boolean, Required: false, "verified by the platform"),
            new("protected", ColumnType.Boolean, Required: false, "private account"),
            new("default_profile", ColumnType.Boolean, Required: false, "still uses the default profile theme"),
            new("last_post_at", ColumnType.Timestamp, Required: false, "time of the latest post"),
            new("lang", ColumnType.Text, Required: false, "language code"),
            new("label", ColumnType.Label, Required: false, "evaluation label: genuine, fake or empty"),
            new("handle_length", ColumnType.SmallCount, Required: false, "derived: characters in the handle"),
            new("handle_digit_share", ColumnType.Fraction, Required: false, "derived: share of digits in the handle"),
            new("display_name_words", ColumnType.SmallCount, Required: false, "derived: words in the display name"),
            new("display_name_digit_share", ColumnType.Fraction, Required: false, "derived: share of digits in the display name"),
            new("bio_length", ColumnType.SmallCount, Required: false, "derived: characters in the bio"),
            new("has_url", ColumnType.Boolean, Required: false, "derived: the profile has a URL"),
        ]);

    internal static TableContract Follows { get; } = new(
        "follows",
        Required: true,
        "One row per edge: follower_id follows followee_id.",
        [
            new("follower_id", ColumnType.Id, Required: true, "the account that follows (source)"),
            new("followee_id", ColumnType.Id, Required: true, "the account followed (target)"),
            new("followed_at", ColumnType.Timestamp, Required: false, "when the follow happened"),
            new("follow_rank", ColumnType.Count, Required: false, "follow order per followee, 0 = earliest follower"),
        ]);

    internal static TableContract Posts { get; } = new(
        "posts",
        Required: false,
        "One row per post, with its public interaction counts.",
        [
            new("post_id", ColumnType.Id, Required: true, "unique post id"),
            new("author_id", ColumnType.Id, Required: true, "the author's account_id"),
            new("posted_at", ColumnType.Timestamp, Required: false, "publication time"),
            new("like_count", ColumnType.Count, Required: false, "public like count"),
            new("reply_count", ColumnType.Count, Required: false, "public reply count"),
            new("repost_count", ColumnType.Count, Required: false, "public repost count"),
            new("view_count", ColumnType.Count, Required: false, "public view count"),
        ]);

    internal static TableContract Engagements { get; } = new(
        "engagements",
        Required: false,
        "One row per interaction: actor_id liked, replied to, reposted or quoted post_id.",
        [
            new("post_id", ColumnType.Id, Required: true, "the post interacted with"),
            new("actor_id", ColumnType.Id, Required: true, "the account_id that interacted"),
            new("kind", ColumnType.EngagementKind, Required: true, "like, reply, repost or quote"),
            new("at", ColumnType.Timestamp, Required: false, "when it happened"),
        ]);

    internal static TableContract Snapshots { get; } = new(
        "snapshots",
        Required: false,
        "An account's public counts observed over time.",
        [
            new("account_id", ColumnType.Id, Required: true, "the observed account_id"),
            new("at", ColumnType.Timestamp, Required: true, "observation time"),
            new("followers_count", ColumnType.Count, Required: false, "follower count at that time"),
            new("following_count", ColumnType.Count, Required: false, "following count at that time"),
            new("posts_count", ColumnType.Count, Required: false, "post count at that time"),
        ]);

    internal static ImmutableArray<TableContract> Tables { get; } = [Accounts, Follows, Posts, Engagements, Snapshots];

    /// <summary>
    /// The data contract as plain text (tables, columns, accepted types, required flags, meaning and the
    /// rejection policy), for <c>followeraudit schema</c>. The same text is in docs/data-format.md.
    /// </summary>
    /// <returns>Several lines of text ending with a newline; deterministic.</returns>
    public static string Describe()
    {
        var text = new StringBuilder();
        text.Append("""
            A dataset is a folder of Parquet tables. Each table is NAME.parquet, or a folder NAME/ of part files
            (*.parquet, read in ordinal name order; names starting with '.' or '_' are skipped; row numbers continue
            across parts). Column names match exactly, or else ignoring case. Extra columns are ignored. Every column
            not marked required may be absent or null. Ids in other tables refer to accounts.account_id.

            Types: id = int64 (int8..int64 and uint8..uint32 are widened); a null id rejects the row.
                   count = integer >= 0 (any integer width). small count = count that fits int32.
                   fraction = double or float in [0, 1]. boolean = BOOLEAN. string = UTF-8 string.
                   timestamp = Parquet TIMESTAMP (millis, micros or nanos), legacy INT96 or DATE; read as UTC.
                   label = string genuine / fake / empty (any case), or boolean / integer with 1 = fake, 0 = genuine.
                   kind = string like / reply / repost / quote (any case).

            """);
        text.Append('\n');
        foreach (var table in Tables)
        {
            text.Append(CultureInfo.InvariantCulture, $"{table.Name} ({(table.Required ? "required" : "optional")}): {table.Meaning}\n");
            foreach (var column in table.Columns)
            {
                var required = column.Required ? "required" : "";
                text.Append(CultureInfo.InvariantCulture, $"  {column.Name,-26}{TypeName(column.Type),-13}{required,-10}{column.Meaning}\n");
            }

            text.Append('\n');
        }

        text.Append("""
            Rejected rows (reported with file, 0-based row within the table, column and reason; the load goes on):
              null-id                a required id is null: the row is dropped
              duplicate-account      account_id seen before: the row is dropped, the first is kept
              self-follow            follower_id = followee_id: the row is dropped
              duplicate-edge         the same follower_id -> followee_id again: the row is dropped, the first is kept
              unknown-account        an id that is not in accounts (follows, posts.author_id, engagements.actor_id,
                                     snapshots.account_id): the row is dropped
              invalid-value          engagement kind not like/reply/repost/quote, null snapshot time or a repeated
                                     post_id: the row is dropped; a label, fraction or small count that is not
                                     allowed: the cell is set to null (label: unknown)
              future-timestamp       a timestamp more than 1 day after the clock's now: the cell is set to null
                                     (snapshots.at: the row is dropped)
              timestamp-before-2006  a timestamp before 2006-01-01: the cell is set to null
                                     (snapshots.at: the row is dropped)
              negative-count         a count below 0: the cell is set to null

            """);
        return text.ToString();
    }

    internal static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Id => "id",
        ColumnType.Count => "count",
        ColumnType.SmallCount => "small count",
        ColumnType.Fraction => "fraction",
        ColumnType.Boolean => "boolean",
        ColumnType.Text => "string",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Label => "label",
        ColumnType.EngagementKind => "kind",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>The logical type of a contract column; each accepts several physical Parquet types.</summary>
internal enum ColumnType
{
    /// <summary>An int64 id (narrower integers widen); a null makes the row rejected.</summary>
    Id,

    /// <summary>A non-negative integer, kept as int64.</summary>
    Count,

    /// <summary>A non-negative integer that fits int32.</summary>
    SmallCount,

    /// <summary>A double in [0, 1].</summary>
    Fraction,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A UTF-8 string.</summary>
    Text,

    /// <summary>A UTC timestamp.</summary>
    Timestamp,

    /// <summary>genuine / fake / empty, or bool / int with 1 = fake.</summary>
    Label,

    /// <summary>like / reply / repost / quote.</summary>
    EngagementKind,
}

/// <summary>One column of the contract.</summary>
/// <param name="Name">The exact column name in the file.</param>
/// <param name="Type">Its logical type.</param>
/// <param name="Required">Whether a file without this column is unusable.</param>
/// <param name="Meaning">One-line meaning for the docs.</param>
internal sealed record ColumnContract(string Name, ColumnType Type, bool Required, string Meaning);

/// <summary>One table of the contract.</summary>
/// <param name="Name">The table name: file NAME.parquet or folder NAME/.</param>
/// <param name="Required">Whether a dataset without this table is unusable.</param>
/// <param name="Meaning">One-line meaning for the docs.</param>
/// <param name="Columns">The columns, in documentation order.</param>
internal sealed record TableContract(string Name, bool Required, string Meaning, ImmutableArray<ColumnContract> Columns)
{
    /// <summary>The index of a column in <see cref="Columns"/>.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The index.</returns>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, $"Table {Name} has no column {name}.");
    }
}
