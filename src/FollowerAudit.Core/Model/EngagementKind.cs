namespace FollowerAudit.Core.Model;

/// <summary>Kind of an interaction with a post.</summary>
public enum EngagementKind : byte
{
    /// <summary>A like / favourite.</summary>
    Like = 0,

    /// <summary>A reply / comment.</summary>
    Reply = 1,

    /// <summary>A repost / retweet / share.</summary>
    Repost = 2,

    /// <summary>A quote post.</summary>
    Quote = 3,
}
