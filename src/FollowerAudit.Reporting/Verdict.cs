using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>The plain-words conclusion at the top of a report.</summary>
/// <param name="Code">Stable code for JSON: <c>likely-bought</c>, <c>no-sign</c> or <c>inconclusive</c>.</param>
/// <param name="Headline">The verdict in plain words.</param>
/// <param name="Reason">One sentence on why.</param>
/// <param name="Tone">Styling: bad, good or neutral.</param>
internal sealed record Verdict(string Code, string Headline, string Reason, string Tone)
{
    /// <summary>Lower end of the fake-share interval at or above which purchase is likely on the estimate alone.</summary>
    public const double LikelyBoughtLowerShare = 0.15;

    /// <summary>Strength at or above which a batch finding alone makes purchase likely.</summary>
    public const double StrongFinding = 0.7;

    /// <summary>Upper end of the fake-share interval at or below which there is no sign of purchase (some fakes follow everyone).</summary>
    public const double NoSignUpperShare = 0.10;

    /// <summary>Strength at or above which a finding prevents a "no sign" verdict.</summary>
    public const double NotableFinding = 0.5;

    /// <summary>Decides the verdict of one audit.</summary>
    public static Verdict Of(AccountAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var e = audit.Estimate;
        if (e.FollowersAudited == 0)
        {
            return new("inconclusive", "Inconclusive", "The data holds no followers of this account, so there is nothing to judge.", "neutral");
        }

        var anyEvidence = audit.ScorerOutputs.Count > 0 || audit.DetectorResults.Any(r => r.Outcome == DetectorOutcome.Ran);
        if (!anyEvidence)
        {
            return new("inconclusive", "Inconclusive", "No follower scorer or detector could run on this data.", "neutral");
        }

        var strongBatch = audit.Findings.FirstOrDefault(f => f.MarksFollowersAsFake && f.Strength >= StrongFinding);
        if (strongBatch is not null)
        {
            return new("likely-bought", "Likely bought followers", "Strongest evidence: " + strongBatch.Title + ".", "bad");
        }

        if (e.FakeShareLower >= LikelyBoughtLowerShare)
        {
            return new("likely-bought", "Likely bought followers", $"Even the low end of the estimate ({Format.Percent(e.FakeShareLower)}) is above {Format.Percent(LikelyBoughtLowerShare)} of followers.", "bad");
        }

        var notable = audit.Findings.Any(f => f.Strength >= NotableFinding);
        if (e.FakeShareUpper <= NoSignUpperShare && !notable)
        {
            var failed = audit.DetectorResults.Any(r => r.Outcome == DetectorOutcome.Failed);
            return new("no-sign", "No sign of purchase", $"The estimate is low (at most {Format.Percent(e.FakeShareUpper)}) and no detector found a notable pattern" + (failed ? ", but some detectors failed (see below)." : "."), "good");
        }

        return new("inconclusive", "Inconclusive", "Some signals, but not enough to say followers were bought: read the findings below.", "neutral");
    }
}

/// <summary>Invariant number formats shared by every writer.</summary>
internal static class Format
{
    /// <summary>A share in [0, 1] as a percentage with one decimal, e.g. "12.3%".</summary>
    public static string Percent(double share) =>
        double.IsNaN(share) ? "n/a" : (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>A count with thousands separators, e.g. "12,345".</summary>
    public static string Count(long n) => n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A number with up to four decimals.</summary>
    public static string Number(double x) =>
        double.IsNaN(x) ? "n/a" : x.ToString("#,0.####", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A UTC date and time, minutes precision.</summary>
    public static string Date(DateTime? t) =>
        t is { } v ? v.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
