namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Names of the feature columns written by <see cref="ProfileFeatureExtractor"/>. Flags are 0/1, counts are raw
/// (not logged), <see cref="double.NaN"/> means unknown for that follower, and a column is absent when the data
/// had nothing to compute it from.
/// </summary>
public static class ProfileFeatureNames
{
    /// <summary>1 when the display name is non-empty (Cresci class A "has name").</summary>
    public const string HasName = "has_name";

    /// <summary>1 when the account has a custom profile picture.</summary>
    public const string HasAvatar = "has_avatar";

    /// <summary>1 when the bio is non-empty.</summary>
    public const string HasBio = "has_bio";

    /// <summary>1 when the profile has a URL.</summary>
    public const string HasUrl = "has_url";

    /// <summary>1 when the free-text location is non-empty.</summary>
    public const string HasLocation = "has_location";

    /// <summary>1 when followers ≥ 30 (Cresci's best single rule among the class-A ones).</summary>
    public const string FollowersAtLeast30 = "followers_ge_30";

    /// <summary>1 when the account is on at least one public list.</summary>
    public const string Listed = "listed_gt_0";

    /// <summary>1 when the account has at least 50 posts.</summary>
    public const string PostsAtLeast50 = "posts_ge_50";

    /// <summary>1 when 2 × followers ≥ following.</summary>
    public const string TwiceFollowersAtLeastFollowing = "two_followers_ge_following";

    /// <summary>following / max(followers, 1).</summary>
    public const string FollowingPerFollower = "following_per_follower";

    /// <summary>following / max(followers, 1)² (Cresci's "friends/followers²"; ≥ 0.5 is a strong fake signal).</summary>
    public const string FollowingPerFollowerSquared = "following_per_follower_sq";

    /// <summary>posts / max(following, 1): how much an account posts for each account it follows (scale-free across platforms).</summary>
    public const string PostsPerFollowing = "posts_per_following";

    /// <summary>posts / max(followers, 1).</summary>
    public const string PostsPerFollower = "posts_per_follower";

    /// <summary>Raw follower count.</summary>
    public const string Followers = "followers_count";

    /// <summary>Raw following count.</summary>
    public const string Following = "following_count";

    /// <summary>Raw post count.</summary>
    public const string Posts = "posts_count";

    /// <summary>Raw listed count.</summary>
    public const string ListedCount = "listed_count";

    /// <summary>Number of likes the account has given.</summary>
    public const string LikesGiven = "likes_given_count";

    /// <summary>Account age in days at the dataset's reference time.</summary>
    public const string AccountAgeDays = "account_age_days";

    /// <summary>Posts per day of account age (age floored at one day).</summary>
    public const string PostsPerDay = "posts_per_day";

    /// <summary>Handle length in characters.</summary>
    public const string HandleLength = "handle_length";

    /// <summary>Share of digits in the handle, in [0, 1].</summary>
    public const string HandleDigitShare = "handle_digit_share";

    /// <summary>Shannon entropy of the handle's characters, in bits.</summary>
    public const string HandleEntropy = "handle_entropy";

    /// <summary>Number of words in the display name.</summary>
    public const string DisplayNameWords = "display_name_words";

    /// <summary>Share of digits in the display name, in [0, 1].</summary>
    public const string DisplayNameDigitShare = "display_name_digit_share";

    /// <summary>Bio length in characters.</summary>
    public const string BioLength = "bio_length";

    /// <summary>1 when the profile still uses the default theme.</summary>
    public const string DefaultProfile = "default_profile";

    /// <summary>1 when the account is private.</summary>
    public const string Protected = "protected";

    /// <summary>1 when the account is verified.</summary>
    public const string Verified = "verified";

    /// <summary>Days since the latest post at the reference time.</summary>
    public const string DaysSinceLastPost = "days_since_last_post";

    /// <summary>
    /// Features that mean the same on every platform the project has labeled data for (2015 Twitter, two Instagram
    /// sets) and that every importer fills: ratios of counts, the follower count, picture, bio length and link. The
    /// default model uses only these; raw post and following counts are left out because their scale differs by
    /// platform (a 2015 Twitter user posted thousands of times, an Instagram user tens).
    /// </summary>
    public static IReadOnlyList<string> Portable { get; } =
        [FollowingPerFollower, PostsPerFollowing, PostsPerFollower, HasAvatar, BioLength, HasUrl, Followers];

    /// <summary>Every name, in the order the extractor writes them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        HasName, HasAvatar, HasBio, HasUrl, HasLocation, FollowersAtLeast30, Listed, PostsAtLeast50,
        TwiceFollowersAtLeastFollowing, FollowingPerFollower, FollowingPerFollowerSquared, PostsPerFollowing, PostsPerFollower, Followers, Following, Posts,
        ListedCount, LikesGiven, AccountAgeDays, PostsPerDay, HandleLength, HandleDigitShare, HandleEntropy,
        DisplayNameWords, DisplayNameDigitShare, BioLength, DefaultProfile, Protected, Verified, DaysSinceLastPost,
    ];
}
