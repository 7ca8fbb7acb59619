using FollowerAudit.Core.Model;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>
/// Rebuilds the shipped genuine reference population (src/FollowerAudit.Core/Scoring/GenuineReferenceData.cs) from the
/// Cresci 2015 E13 accounts. Explicit, so it runs only when asked:
/// `dotnet test tests/FollowerAudit.Learning.Tests --filter Name=Regenerate_GenuineReference`.
/// </summary>
public sealed class GenuineReferenceGenerator
{
    [Test]
    [Explicit("Writes a source file; run on purpose to rebuild the shipped reference.")]
    public void Regenerate_GenuineReference()
    {
        var dataset = RealData.Cresci();
        var genuine = ScoringContext.LabeledRows(dataset).Where(r => dataset.Accounts.Label![r] == AccountLabel.Genuine).ToArray();
        var context = Evaluator.Prepare(dataset, genuine, [new ProfileFeatureExtractor()]);
        var csv = ReferencePopulation.FromFeatures(context.Features, Enumerable.Range(0, genuine.Length).ToArray(), "E13").ToCsv();

        var target = Path.Combine(RepoRoot(), "src", "FollowerAudit.Core", "Scoring", "GenuineReferenceData.cs");
        File.WriteAllText(target,
            "namespace FollowerAudit.Core.Scoring;\n\n" +
            "/// <summary>\n" +
            "/// Derived profile features (no ids, names or text) of the 1,481 genuine accounts of the Cresci et al. 2015 E13 set,\n" +
            "/// \"publicly available for research purposes\" (mib.projects.iit.cnr.it). Generated; do not edit. Rebuild with\n" +
            "/// `dotnet test tests/FollowerAudit.Learning.Tests --filter Name=Regenerate_GenuineReference`.\n" +
            "/// </summary>\n" +
            "internal static class GenuineReferenceData\n{\n" +
            "    public const string Csv = \"\"\"\n" + csv + "\"\"\";\n}\n");
        Assert.That(genuine, Has.Length.EqualTo(1481));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FollowerAudit.sln not found");
    }
}
