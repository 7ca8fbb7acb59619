using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>A one-feature rule as a scorer (flagged = 1), for sanity rows next to the real scorers.</summary>
internal sealed class SingleRuleScorer(string name, string feature, Func<float, bool> fires) : IFollowerScorer
{
    public string Name => name;

    public FollowerScores Score(AuditContext context)
    {
        var values = context.Features.TryGet(feature, out var v) ? v : new float[context.Features.RowCount];
        return new FollowerScores(Name, [.. values.Select(x => fires(x) ? 1.0 : 0.0)], 0.5, null);
    }
}
