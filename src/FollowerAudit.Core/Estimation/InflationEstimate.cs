namespace FollowerAudit.Core.Estimation;

/// <summary>Estimated fake followers of one account, with a 95% interval.</summary>
/// <param name="FollowersAudited">Followers whose scores went into the estimate.</param>
/// <param name="FollowersTotal">Followers the estimate is scaled to: the public count when known, else those in the data.</param>
/// <param name="FakeShare">Point estimate of the fake share, in [0, 1].</param>
/// <param name="FakeShareLower">Lower end of the 95% interval, in [0, 1].</param>
/// <param name="FakeShareUpper">Upper end of the 95% interval, in [0, 1].</param>
/// <param name="FlaggedByScore">Followers whose combined score reached its threshold.</param>
/// <param name="InDetectedBatches">Followers that detectors placed in purchased batches.</param>
/// <param name="Method">How it was computed, in one sentence for the report.</param>
public sealed record InflationEstimate(
    int FollowersAudited,
    long FollowersTotal,
    double FakeShare,
    double FakeShareLower,
    double FakeShareUpper,
    int FlaggedByScore,
    int InDetectedBatches,
    string Method)
{
    /// <summary>Estimated fake followers out of <see cref="FollowersTotal"/>.</summary>
    public long EstimatedFake => (long)Math.Round(FakeShare * FollowersTotal);

    /// <summary>Estimated genuine followers out of <see cref="FollowersTotal"/>.</summary>
    public long EstimatedGenuine => FollowersTotal - EstimatedFake;

    /// <summary>Lower end of the 95% interval of genuine followers.</summary>
    public long EstimatedGenuineLower => FollowersTotal - (long)Math.Round(FakeShareUpper * FollowersTotal);

    /// <summary>Upper end of the 95% interval of genuine followers.</summary>
    public long EstimatedGenuineUpper => FollowersTotal - (long)Math.Round(FakeShareLower * FollowersTotal);
}
