namespace FollowerAudit.Core.Estimation;

/// <summary>Estimated fake followers of one account, with a 95% interval, and how it was reached.</summary>
/// <param name="FollowersAudited">Followers whose scores went into the estimate.</param>
/// <param name="FollowersTotal">Followers the estimate is scaled to: the public count when known, else those in the data.</param>
/// <param name="FakeShare">Point estimate of the fake share, in [0, 1]; NaN when <see cref="CannotEstimate"/> is set.</param>
/// <param name="FakeShareLower">Lower end of the 95% interval, in [0, 1]; NaN when not estimated.</param>
/// <param name="FakeShareUpper">Upper end of the 95% interval, in [0, 1]; NaN when not estimated.</param>
/// <param name="FlaggedByScore">Followers whose combined score reached its threshold.</param>
/// <param name="InDetectedBatches">Followers that detectors placed in purchased batches.</param>
/// <param name="Method">How it was computed and what it assumes, in plain sentences for the report.</param>
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
    /// <summary>
    /// Stable code of the method used: <see cref="LabelFreeEstimator.MethodCode"/>,
    /// <see cref="LabelledSampleEstimator.MethodCode"/>, or <c>none</c> when the share could not be estimated.
    /// </summary>
    public string MethodCode { get; init; } = LabelFreeEstimator.MethodCode;

    /// <summary>Why the fake share could not be estimated (the report says so at the top), or <see langword="null"/>.</summary>
    public string? CannotEstimate { get; init; }

    /// <summary>Whether a fake share was estimated.</summary>
    public bool IsEstimated => CannotEstimate is null;

    /// <summary>How far the followers are from the model's training data.</summary>
    public ModelFit Fit { get; init; } = ModelFit.NotAssessed;

    /// <summary>The labelled sample behind the estimate, when <c>--labels</c> gave one.</summary>
    public LabelledSampleResult? LabelledSample { get; init; }

    /// <summary>With a labelled sample, what the scores alone would have given (for comparison), else <see langword="null"/>.</summary>
    public InflationEstimate? LabelFreeAlternative { get; init; }

    /// <summary>Who labelled the sample (free text from the user), when there is one.</summary>
    public string? LabelledBy { get; init; }

    /// <summary>Sampled followers labelled "unsure", left out of the estimate.</summary>
    public int LabelledUnsure { get; init; }

    /// <summary>Estimated fake followers out of <see cref="FollowersTotal"/> (0 when not estimated).</summary>
    public long EstimatedFake => IsEstimated ? (long)Math.Round(FakeShare * FollowersTotal) : 0;

    /// <summary>Estimated genuine followers out of <see cref="FollowersTotal"/>.</summary>
    public long EstimatedGenuine => FollowersTotal - EstimatedFake;

    /// <summary>Lower end of the 95% interval of genuine followers.</summary>
    public long EstimatedGenuineLower => IsEstimated ? FollowersTotal - (long)Math.Round(FakeShareUpper * FollowersTotal) : 0;

    /// <summary>Upper end of the 95% interval of genuine followers.</summary>
    public long EstimatedGenuineUpper => IsEstimated ? FollowersTotal - (long)Math.Round(FakeShareLower * FollowersTotal) : FollowersTotal;
}
