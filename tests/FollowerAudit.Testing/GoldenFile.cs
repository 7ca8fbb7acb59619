using NUnit.Framework;

namespace FollowerAudit.Testing;

/// <summary>
/// Compares output with a golden file committed in the repository. Set <see cref="UpdateVariable"/>=1 to rewrite the
/// golden files instead (then review the diff and commit it): a change of output is always a visible, reviewed change.
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment variable that switches from comparing to rewriting.</summary>
    public const string UpdateVariable = "FOLLOWERAUDIT_UPDATE_GOLDEN";

    /// <summary>Asserts that <paramref name="actual"/> equals the golden file (line endings normalised).</summary>
    /// <param name="actual">The output.</param>
    /// <param name="repositoryPath">The golden file's path from the repository root, one segment per argument.</param>
    public static void AssertMatches(string actual, params string[] repositoryPath)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var path = Path.Combine([RepositoryRoot(), .. repositoryPath]);
        var text = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            Assert.Warn($"Golden file rewritten: {path}. Review the diff before committing.");
            return;
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"Golden file {path} is missing. Run the test with {UpdateVariable}=1 to write it, review it, and commit it.");
        }

        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == text)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = text.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail(
            $"Output differs from golden file {path} at line {line + 1}:\n" +
            $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end of file>")}\n" +
            $"  actual:   {(line < actualLines.Length ? actualLines[line] : "<end of output>")}\n" +
            $"If the change is intended, rerun with {UpdateVariable}=1, review the diff and commit it.");
    }

    /// <summary>The repository root: the nearest folder above the test binaries holding FollowerAudit.sln.</summary>
    /// <returns>The path.</returns>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FollowerAudit.sln not found above the test binaries.");
    }
}
