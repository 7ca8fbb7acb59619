namespace FollowerAudit.Core.Model;

/// <summary>
/// Estimates when each follow happened from the follow order alone, for sources that list an account's followers in
/// order but without times (Bluesky, Mastodon, the X API, scraped lists).
/// </summary>
/// <remarks>
/// <para>
/// A follow cannot happen before the follower's account existed, and follows are listed in the order they happened.
/// So the follow at position <c>i</c> happened no earlier than the creation of every follower at positions
/// <c>0..i</c>: the running maximum of creation times along the follow order is a lower bound on each follow time
/// (Meeder, Karrer, Sayedi, Ravi, Borgs, Chayes, "We know who you followed last summer: inferring social link creation
/// times in Twitter", WWW 2011). The bound is tight whenever new accounts keep following (every freshly created
/// account pins the time of its follow and of the follows just before it) and loose where only old accounts follow;
/// its measured error on generated worlds is in docs/accuracy.md ("Follow times from follow order").
/// </para>
/// <para>
/// The estimate never exceeds the true follow time when the order and the creation times are right, so it errs
/// early; detectors that use it should treat its times as estimated.
/// </para>
/// </remarks>
public static class FollowTimeEstimator
{
    /// <summary>
    /// The lower-bound follow time of each follower: the latest creation time among the followers up to and including
    /// it in follow order.
    /// </summary>
    /// <param name="creationTimesInFollowOrder">
    /// The followers' account creation times (UTC), earliest follow first (rank 0 first); null where unknown.
    /// </param>
    /// <returns>
    /// One estimate per follower, in the same order; null until the first known creation time (no bound yet). A new
    /// array; the input is not changed. Non-decreasing where not null.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="creationTimesInFollowOrder"/> is null.</exception>
    public static DateTime?[] LowerBounds(IReadOnlyList<DateTime?> creationTimesInFollowOrder)
    {
        ArgumentNullException.ThrowIfNull(creationTimesInFollowOrder);
        var estimates = new DateTime?[creationTimesInFollowOrder.Count];
        DateTime? running = null;
        for (var i = 0; i < estimates.Length; i++)
        {
            if (creationTimesInFollowOrder[i] is { } created && (running is null || created > running))
            {
                running = created;
            }

            estimates[i] = running;
        }

        return estimates;
    }
}
