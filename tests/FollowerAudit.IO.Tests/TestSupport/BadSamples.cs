using static FollowerAudit.IO.Tests.TestSupport.RawParquet;

namespace FollowerAudit.IO.Tests.TestSupport;

/// <summary>
/// Generates the small bad datasets of data-samples/bad/ (one subfolder each). Tests generate them into temp folders;
/// <c>BadSamplesTests.Regenerate_CommittedSamples</c> (explicit) rewrites the committed copies.
/// </summary>
internal static class BadSamples
{
    public const string MissingColumn = "missing-column";
    public const string WrongType = "wrong-type";
    public const string NotParquet = "not-parquet";
    public const string Truncated = "truncated";
    public const string EmptyParts = "empty-parts";
    public const string Rejections = "rejections";

    /// <summary>The clock the rejection sample's expectations assume (future = after 2025-06-02).</summary>
    public static FixedClock Clock => FixedClock.At2025;

    public static DateTime Utc(int year, int month = 1, int day = 1) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    public static async Task WriteAllAsync(string root)
    {
        foreach (var name in new[] { MissingColumn, WrongType, NotParquet, Truncated, EmptyParts, Rejections })
        {
            await WriteAsync(root, name);
        }
    }

    public static async Task WriteAsync(string root, string name)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var accounts = Path.Combine(folder, "accounts.parquet");
        var follows = Path.Combine(folder, "follows.parquet");
        switch (name)
        {
            case MissingColumn:
                // follows uses target_id instead of followee_id.
                await RawParquet.WriteAsync(accounts, Int64("account_id", 1, 2));
                await RawParquet.WriteAsync(follows, Int64("follower_id", 2), Int64("target_id", 1), Timestamp("ts", Utc(2024)));
                break;
            case WrongType:
                // account_id holds strings.
                await RawParquet.WriteAsync(accounts, Text("account_id", "1", "2"));
                await RawParquet.WriteAsync(follows, Int64("follower_id", 2), Int64("followee_id", 1));
                break;
            case NotParquet:
                // accounts.parquet is really a CSV file.
                await File.WriteAllTextAsync(accounts, "account_id,handle\n1,alice\n2,bob\n");
                await RawParquet.WriteAsync(follows, Int64("follower_id", 2), Int64("followee_id", 1));
                break;
            case Truncated:
                // follows.parquet lost its second half (footer included), as after an interrupted copy.
                await RawParquet.WriteAsync(accounts, Int64("account_id", 1, 2));
                await RawParquet.WriteAsync(follows, Int64("follower_id", 2, 1), Int64("followee_id", 1, 2));
                var bytes = await File.ReadAllBytesAsync(follows);
                await File.WriteAllBytesAsync(follows, bytes[..(bytes.Length / 2)]);
                break;
            case EmptyParts:
                // follows/ is a folder without any *.parquet part.
                await RawParquet.WriteAsync(accounts, Int64("account_id", 1, 2));
                Directory.CreateDirectory(Path.Combine(folder, "follows"));
                await File.WriteAllTextAsync(Path.Combine(folder, "follows", ".gitkeep"), "");
                break;
            case Rejections:
                await WriteRejectionsAsync(folder);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    /// <summary>A readable dataset with one row or cell for every rejection reason (see data-samples/bad/README.md).</summary>
    private static async Task WriteRejectionsAsync(string folder)
    {
        await RawParquet.WriteAsync(
            Path.Combine(folder, "accounts.parquet"),
            Int64("account_id", 1, 2, 3, 4, null, 2),
            Timestamp("created_at", Utc(2010), Utc(2030), Utc(2001), null, Utc(2010), Utc(2010)),
            Int64("followers_count", 10, -5, 0, null, 1, 1),
            Text("label", "genuine", "FAKE", "bot", null, "fake", "fake"));
        await RawParquet.WriteAsync(
            Path.Combine(folder, "follows.parquet"),
            Int64("follower_id", 2, 3, 1, 2, 99, null, 4),
            Int64("followee_id", 1, 1, 1, 1, 1, 1, 1),
            Timestamp("followed_at", Utc(2020), Utc(2020), Utc(2020), Utc(2020), Utc(2020), Utc(2020), Utc(2005)));
        await RawParquet.WriteAsync(
            Path.Combine(folder, "posts.parquet"),
            Int64("post_id", 100, 101, 100),
            Int64("author_id", 1, 77, 2),
            Timestamp("posted_at", Utc(2024), Utc(2024), Utc(2024)),
            Int64("like_count", -1, 3, 4));
        await RawParquet.WriteAsync(
            Path.Combine(folder, "engagements.parquet"),
            Int64("post_id", 100, 100, 100),
            Int64("actor_id", 2, 3, 88),
            Text("kind", "like", "retweet", "like"));
        await RawParquet.WriteAsync(
            Path.Combine(folder, "snapshots.parquet"),
            Int64("account_id", 1, 2, 55, 3),
            Timestamp("at", Utc(2024), null, Utc(2024), Utc(2040)),
            Int64("followers_count", 5, 6, 7, 8));
    }
}
