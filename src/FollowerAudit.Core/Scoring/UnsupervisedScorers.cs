using System.Globalization;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// <c>isolation-forest</c>: a plain isolation forest fitted on the slice's own followers; score = the forest's s(x),
/// flagged at ≥ <see cref="DefaultThreshold"/>.
/// </summary>
/// <remarks>
/// Assumption: fakes are rare and unlike the rest. Purchased followers break it: they are many and alike, so the
/// forest learns them as "normal" and flags unusual genuine users instead (measured AUC far below 0.5 on Cresci
/// E13+INT; see docs/accuracy.md). Kept as a baseline and for the rare case of a few odd bots; do not use it alone.
/// </remarks>
public sealed class IsolationForestScorer : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "isolation-forest";

    /// <summary>Default flag threshold (s ≥ 0.6 is the usual "clearly anomalous" reading of the score).</summary>
    public const double DefaultThreshold = 0.6;

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var f = context.Features;
        var names = FeatureMatrix.UnsupervisedFeatures.Where(f.Contains).ToArray();
        if (names.Length == 0 || f.RowCount == 0)
        {
            return new FollowerScores(Name, new double[f.RowCount], DefaultThreshold, null);
        }

        // The points are read from the feature columns (no row copy of the followers): the forest is grown on its
        // trees' samples and scores a block of points at a time.
        var raw = PointColumns.Of(f, names);
        var points = raw.Imputed(FeatureMatrix.Medians(raw));
        var forest = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = context.Options.Seed });
        return new FollowerScores(Name, forest.Score(points), DefaultThreshold, null);
    }
}

/// <summary>
/// <c>novelty-forest</c>: an isolation forest fitted on a reference population of genuine accounts (the shipped
/// <see cref="ReferencePopulation.Default"/>, or one given). Score = the share of held-out genuine accounts that are
/// less isolated than the follower, so about <c>1 − threshold</c> of genuine users are flagged by construction.
/// </summary>
/// <remarks>
/// Assumption: genuine followers of the audited account look like the reference (2015 Twitter users for the shipped
/// one). A platform, country or era unlike the reference raises false positives; fakes that copy genuine profiles
/// are missed. Reasons: the features furthest from the reference median.
/// </remarks>
/// <param name="reference">Genuine accounts; <see cref="ReferencePopulation.Default"/> when null.</param>
/// <param name="threshold">Flag threshold; default <see cref="DefaultThreshold"/>.</param>
public sealed class NoveltyForestScorer(ReferencePopulation? reference = null, double threshold = NoveltyForestScorer.DefaultThreshold) : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "novelty-forest";

    /// <summary>Default flag threshold: more isolated than 95 % of genuine reference accounts.</summary>
    public const double DefaultThreshold = 0.95;

    private readonly ReferencePopulation _reference = reference ?? ReferencePopulation.Default;

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = _reference.ModelFor(context.Features, context.Options.Seed);
        if (model is null || context.Features.RowCount == 0)
        {
            return new FollowerScores(Name, new double[context.Features.RowCount], threshold, null);
        }

        var points = model.Points(context.Features);
        var raw = model.Forest.Score(points);
        var scores = new double[points.Count];
        var reasons = new string[points.Count][];
        var texts = new SharedReasons();
        RowRanges.For(points.Count, (start, end) =>
        {
            Span<double> row = stackalloc double[points.Dimensions];
            for (var i = start; i < end; i++)
            {
                scores[i] = ReferenceModel.Below(model.HeldOutForestScores, raw[i]);
                if (scores[i] >= threshold)
                {
                    points.CopyRow(i, row);
                    reasons[i] = UnsupervisedReasons.Deviations(model, row, texts);
                }
                else
                {
                    reasons[i] = [];
                }
            }
        });

        return new FollowerScores(Name, scores, threshold, reasons);
    }
}

/// <summary>
/// <c>clone-density</c>: finds clusters of look-alike followers. Each follower's mean distance to its
/// <see cref="ReferenceModel.Neighbours"/> nearest fellow followers (standardised profile features, approximate k-NN by
/// sorting on random projections: near-linear in the number of followers) is compared with the same distance among
/// genuine reference accounts; score = the share of genuine accounts whose neighbourhood is less dense.
/// </summary>
/// <remarks>
/// Assumption: purchased followers come in batches made by one vendor and are near-copies of each other (same empty
/// profile, similar counts), denser than any genuine crowd. Known false positives: genuinely homogeneous audiences
/// (e.g. many brand-new users from one sign-up campaign); the density of genuine users also grows slowly with the
/// number of followers, so very large slices flag a few more. Needs any of the profile count/flag columns.
/// </remarks>
/// <param name="reference">Genuine accounts for the density scale; <see cref="ReferencePopulation.Default"/> when null.</param>
/// <param name="threshold">Flag threshold; default <see cref="DefaultThreshold"/>.</param>
public sealed class CloneDensityScorer(ReferencePopulation? reference = null, double threshold = CloneDensityScorer.DefaultThreshold) : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "clone-density";

    /// <summary>Default flag threshold: denser than 95 % of genuine reference accounts.</summary>
    public const double DefaultThreshold = 0.95;

    private readonly ReferencePopulation _reference = reference ?? ReferencePopulation.Default;

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = _reference.ModelFor(context.Features, context.Options.Seed);
        if (model is null || context.Features.RowCount < 2)
        {
            return new FollowerScores(Name, new double[context.Features.RowCount], threshold, null);
        }

        var points = model.Points(context.Features).Standardised(model.Medians, model.Scales);
        // A follower at least as close to its neighbours as the closest genuine reference account already scores 1: the
        // search stops refining it (most of a bought batch, and more of every audience the larger it is).
        var distances = ProjectionNeighbours.MeanDistance(points.ToPacked(), ReferenceModel.Neighbours, context.Options.Seed, settledAt: model.KnnDistances[0], cancellationToken: context.Cancellation);
        var genuineMedian = model.KnnDistances[model.KnnDistances.Length / 2];
        var scores = new double[points.Count];
        var reasons = new string[points.Count][];
        var texts = new SharedReasons();
        RowRanges.For(points.Count, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                // Share of genuine reference accounts with a sparser neighbourhood than this follower.
                scores[i] = 1 - ReferenceModel.Below(model.KnnDistances, distances[i]);
                reasons[i] = scores[i] >= threshold
                    ? texts.OneReason(string.Create(CultureInfo.InvariantCulture, $"near-copy of its {ReferenceModel.Neighbours} closest followers (distance {distances[i]:0.00} vs {genuineMedian:0.00} among genuine accounts)"))
                    : [];
            }
        });

        return new FollowerScores(Name, scores, threshold, reasons);
    }
}

/// <summary>
/// <c>unsupervised</c>: the mean of <c>novelty-forest</c> (unlike genuine accounts) and <c>clone-density</c>
/// (part of a look-alike cluster), each kept only where the slice supports its direction; needs no labels of the
/// audited data, only the genuine reference population.
/// </summary>
/// <remarks>
/// Assumes both: fakes differ from the genuine reference and come in clusters. Where fakes are not one vendor's clones
/// (Instagram spammers, fakes bought from several sources) the clone signal ranks them as <i>less</i> suspicious than
/// genuine users, and averaging it in pulls fakes towards "genuine". So each part is checked first against the
/// label-free rules on the extremes of the slice: the followers that the rules (<c>profile-rules</c>, plus
/// <c>camisani-calzolari</c>, <c>statuspeople</c> and the <c>classifier</c> when they ran earlier) rank in their top
/// and bottom <see cref="ExtremeShare"/> are taken as likely fake and likely genuine, and a part whose AUC between
/// those two groups is below <see cref="MinimumAgreement"/> is left out, with the reason in
/// <see cref="FollowerScores.Notes"/>. If both parts are left out, the score is the rules' own (mean rank of the
/// rules), said in a note. The check needs at least <see cref="MinimumExtremeCount"/> followers in each group and rules
/// that separate them; otherwise both parts are kept, as before.
/// </remarks>
/// <param name="reference">Genuine accounts; <see cref="ReferencePopulation.Default"/> when null.</param>
/// <param name="threshold">Flag threshold; default <see cref="DefaultThreshold"/>.</param>
/// <param name="reuseEarlierOutputs">
/// Take the <c>novelty-forest</c> and <c>clone-density</c> outputs from <see cref="AuditContext.ScorerOutputs"/> when
/// they ran earlier in the same pipeline (the caller guarantees they use the same reference), instead of computing
/// them again: on a million followers that halves the scoring time (clone-density alone takes about a minute).
/// </param>
public sealed class UnsupervisedScorer(ReferencePopulation? reference = null, double threshold = UnsupervisedScorer.DefaultThreshold, bool reuseEarlierOutputs = false) : IFollowerScorer, IReadsEarlierScores
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "unsupervised";

    /// <summary>
    /// Default flag threshold. Both inputs are shares of genuine accounts (≈ uniform on genuine followers), so if they
    /// were independent a mean ≥ 0.85 would flag (0.3²/2 ≈) 4.5 % of genuine followers, close to the 5 % of each part.
    /// </summary>
    public const double DefaultThreshold = 0.85;

    /// <summary>Share of the slice, at each end of the rules' ranking, taken as likely fake / likely genuine.</summary>
    public const double ExtremeShare = 0.2;

    /// <summary>
    /// Smallest AUC, between the rules' likely-fake and likely-genuine followers, for a part to count: 0.55 leaves out
    /// parts that vote backwards (below 0.5) or carry no signal on the slice.
    /// </summary>
    public const double MinimumAgreement = 0.55;

    /// <summary>Fewest followers in each extreme group for the check to run.</summary>
    public const int MinimumExtremeCount = 20;

    private static readonly string[] AnchorScorers = [ProfileRulesScorer.ScorerName, "camisani-calzolari", "statuspeople", "classifier"];

    private readonly NoveltyForestScorer _novelty = new(reference);
    private readonly CloneDensityScorer _clones = new(reference);

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public IReadOnlyCollection<string> ReadsReasonsOf => reuseEarlierOutputs ? [NoveltyForestScorer.ScorerName, CloneDensityScorer.ScorerName] : [];

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        FollowerScores[] parts = [Earlier(context, NoveltyForestScorer.ScorerName) ?? _novelty.Score(context), Earlier(context, CloneDensityScorer.ScorerName) ?? _clones.Score(context)];
        var n = parts[0].Scores.Length;
        var notes = new List<string>();
        var anchor = Anchor(context, out var anchorNames);
        var kept = new List<FollowerScores>();
        var agreement = DirectionCheck(anchor, parts);
        for (var k = 0; k < parts.Length; k++)
        {
            if (agreement is { } auc && auc[k] < MinimumAgreement)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{parts[k].Scorer} left out of the combined score: on this slice it ranks the followers that {anchorNames} judge most suspicious against the least suspicious at AUC {auc[k]:0.00} (below {MinimumAgreement:0.00}), so its direction is not supported here{(parts[k].Scorer == CloneDensityScorer.ScorerName ? " (the fakes are not clones of each other)" : "")}."));
            }
            else
            {
                kept.Add(parts[k]);
            }
        }

        var scores = new double[n];
        if (kept.Count == 0)
        {
            notes.Add($"Both label-free parts were left out; the combined score is the mean rank of {anchorNames}.");
            Array.Copy(anchor, scores, n);
        }
        else
        {
            RowRanges.For(n, (start, end) =>
            {
                for (var i = start; i < end; i++)
                {
                    // The mean as Enumerable.Average sums it: from the first part, in part order.
                    var sum = kept[0].Scores[i];
                    for (var k = 1; k < kept.Count; k++)
                    {
                        sum += kept[k].Scores[i];
                    }

                    scores[i] = sum / kept.Count;
                }
            });
        }

        var reasons = new string[n][];
        RowRanges.For(n, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                reasons[i] = scores[i] >= threshold ? [.. kept.AsEnumerable().Reverse().SelectMany(p => p.Reasons?[i] ?? [])] : [];
            }
        });

        return new FollowerScores(Name, scores, threshold, reasons) { Notes = notes };
    }

    /// <summary>
    /// Per part, its AUC between the anchor's top and bottom <see cref="ExtremeShare"/>; null when the groups are too
    /// small or the anchor does not separate them (all ties).
    /// </summary>
    internal static double[]? DirectionCheck(double[] anchor, IReadOnlyList<FollowerScores> parts)
    {
        var n = anchor.Length;
        if (n < MinimumExtremeCount * 2)
        {
            return null;
        }

        var quantiles = anchor.ToArray();
        var low = Selection.Select(quantiles, (int)(ExtremeShare * (n - 1)));
        var high = Selection.Select(quantiles, (int)((1 - ExtremeShare) * (n - 1)));
        if (high <= low)
        {
            return null;
        }

        var rows = Enumerable.Range(0, n).Where(i => anchor[i] >= high || anchor[i] <= low).ToArray();
        var pseudoFake = rows.Select(i => anchor[i] >= high).ToArray();
        var fakes = pseudoFake.Count(f => f);
        if (fakes < MinimumExtremeCount || pseudoFake.Length - fakes < MinimumExtremeCount)
        {
            return null;
        }

        return [.. parts.Select(p => ClassificationMetrics.RocAuc(pseudoFake, [.. rows.Select(i => p.Scores[i])]))];
    }

    /// <summary>Mean percentile rank of the rule-based scores (profile-rules computed here when it did not run earlier).</summary>
    private static double[] Anchor(AuditContext context, out string names)
    {
        var n = context.Features.RowCount;
        var outputs = AnchorScorers
            .Select(a => context.ScorerOutputs.FirstOrDefault(o => o.Scorer == a && o.Scores.Length == n))
            .OfType<FollowerScores>().ToList();
        if (outputs.All(o => o.Scorer != ProfileRulesScorer.ScorerName))
        {
            outputs.Insert(0, new ProfileRulesScorer().Score(context));
        }

        names = string.Join(", ", outputs.Select(o => o.Scorer));
        var anchor = new double[n];
        // One key and one order array for all the outputs (they were three arrays per output).
        var keys = new double[n];
        var order = new int[n];
        foreach (var o in outputs)
        {
            AddPercentileRanks(o.Scores, outputs.Count, keys, order, anchor);
        }

        return anchor;
    }

    /// <summary>
    /// Adds to <paramref name="sum"/> each value's mid-rank divided by the count, in (0, 1], divided by
    /// <paramref name="parts"/>; ties share a rank. <paramref name="keys"/> and <paramref name="order"/> are work space.
    /// </summary>
    private static void AddPercentileRanks(double[] values, int parts, double[] keys, int[] order, double[] sum)
    {
        var n = values.Length;
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = double.IsNaN(values[i]) ? 0 : values[i];
        }

        // Ties share one rank, so their order after the (unstable) sort does not matter.
        Array.Sort(keys, order);
        var i0 = 0;
        while (i0 < n)
        {
            var j = i0;
            while (j + 1 < n && keys[j + 1] == keys[i0])
            {
                j++;
            }

            for (var k = i0; k <= j; k++)
            {
                sum[order[k]] += (((i0 + j) / 2.0) + 1) / n / parts;
            }

            i0 = j + 1;
        }
    }

    private FollowerScores? Earlier(AuditContext context, string scorer) =>
        reuseEarlierOutputs ? context.ScorerOutputs.FirstOrDefault(o => o.Scorer == scorer && o.Scores.Length == context.Slice.Count) : null;
}

/// <summary>Trains the reference-based scorers on the genuine accounts of a training set (for honest cross-validation).</summary>
/// <param name="name">Which scorer: <c>novelty-forest</c>, <c>clone-density</c> or <c>unsupervised</c>.</param>
public sealed class ReferenceScorerTrainer(string name) : IScorerTrainer
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public IFollowerScorer Train(AuditContext training, IReadOnlyList<bool> isFake)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(isFake);
        var genuine = Enumerable.Range(0, isFake.Count).Where(i => !isFake[i]).ToArray();
        var reference = ReferencePopulation.FromFeatures(training.Features, genuine, "genuine training accounts");
        return name switch
        {
            NoveltyForestScorer.ScorerName => new NoveltyForestScorer(reference),
            CloneDensityScorer.ScorerName => new CloneDensityScorer(reference),
            UnsupervisedScorer.ScorerName => new UnsupervisedScorer(reference),
            _ => throw new ArgumentException($"unknown reference scorer '{name}'"),
        };
    }
}

/// <summary>Reasons shared by the unsupervised scorers.</summary>
internal static class UnsupervisedReasons
{
    private const int MostDeviating = 3;

    /// <summary>
    /// The up-to-three features furthest from the reference median (|z| ≥ 2), in robust z units: largest |z| first, ties
    /// by feature name (ordinal). Kept by insertion into a three-slot list: it runs for every flagged follower.
    /// </summary>
    /// <param name="model">The reference model.</param>
    /// <param name="row">The follower's imputed point.</param>
    /// <param name="texts">Shares each distinct text among followers; none when null.</param>
    /// <returns>The reasons.</returns>
    public static string[] Deviations(ReferenceModel model, ReadOnlySpan<double> row, SharedReasons? texts = null)
    {
        Span<int> top = stackalloc int[MostDeviating];
        Span<double> topZ = stackalloc double[MostDeviating];
        var count = 0;
        for (var j = 0; j < row.Length; j++)
        {
            var z = (row[j] - model.Medians[j]) / model.Scales[j];
            if (!(Math.Abs(z) >= 2))
            {
                continue;
            }

            // Slide weaker entries down one slot (the last falls off) and put j where it belongs.
            var at = count;
            while (at > 0 && Before(model, j, z, top[at - 1], topZ[at - 1]))
            {
                if (at < MostDeviating)
                {
                    top[at] = top[at - 1];
                    topZ[at] = topZ[at - 1];
                }

                at--;
            }

            if (at < MostDeviating)
            {
                top[at] = j;
                topZ[at] = z;
                count = Math.Min(count + 1, MostDeviating);
            }
        }

        var reasons = new string[count];
        for (var k = 0; k < count; k++)
        {
            reasons[k] = texts is null ? Text(model, top[k], topZ[k]) : texts.Text(top[k], topZ[k], model, Text);
        }

        return reasons;
    }

    private static string Text(ReferenceModel model, int j, double z) =>
        string.Create(CultureInfo.InvariantCulture, $"{model.Names[j]} {(z > 0 ? "far above" : "far below")} genuine accounts (z = {z:0.0})");

    private static bool Before(ReferenceModel model, int a, double za, int b, double zb) =>
        Math.Abs(za) > Math.Abs(zb) || (Math.Abs(za) == Math.Abs(zb) && string.CompareOrdinal(model.Names[a], model.Names[b]) < 0);
}

/// <summary>Adds <c>isolation-forest</c>, <c>novelty-forest</c>, <c>clone-density</c> and <c>unsupervised</c>.</summary>
/// <param name="reference">Genuine reference; the shipped one when null.</param>
public sealed class UnsupervisedScoringExtension(ReferencePopulation? reference = null) : IAuditExtension
{
    /// <inheritdoc />
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ScoringPipelineExtensions.EnsureProfileFeatures(builder);
        builder.Scorers.Add(new IsolationForestScorer());
        builder.Scorers.Add(new NoveltyForestScorer(reference));
        builder.Scorers.Add(new CloneDensityScorer(reference));
        builder.Scorers.Add(new UnsupervisedScorer(reference, reuseEarlierOutputs: true));
    }
}
