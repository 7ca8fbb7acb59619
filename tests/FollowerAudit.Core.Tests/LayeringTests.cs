using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Tests;

public sealed class LayeringTests
{
    [TestCase("Parquet")]
    [TestCase("ScottPlot")]
    [TestCase("Spectre")]
    [TestCase("Microsoft.ML")]
    public void Core_ReferencesNoIoPlottingOrCliLibrary(string forbiddenPrefix)
    {
        var references = typeof(AuditPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.That(references.Where(n => n.StartsWith(forbiddenPrefix, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Core_PublicRecordsAreSealed()
    {
        var unsealed = typeof(AuditPipeline).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed && t.GetMethod("<Clone>$") is not null)
            .Select(t => t.FullName);

        Assert.That(unsealed, Is.Empty);
    }

    [Test]
    public void Src_UsesNoWallClockOrUnseededRandom()
    {
        var root = FindRepoRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f =>
            {
                var text = File.ReadAllText(f);
                return text.Contains("DateTime.Now", StringComparison.Ordinal) || text.Contains("DateTime.UtcNow", StringComparison.Ordinal)
                    || text.Contains("Random.Shared", StringComparison.Ordinal) || text.Contains("new Random()", StringComparison.Ordinal);
            })
            .Select(f => Path.GetRelativePath(root, f));

        Assert.That(offenders, Is.Empty, "Pipeline code must be deterministic: inject TimeProvider and seeds.");
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FollowerAudit.sln not found above the test directory.");
    }
}
