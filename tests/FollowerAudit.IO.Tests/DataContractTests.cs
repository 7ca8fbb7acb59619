using System.Text.RegularExpressions;

namespace FollowerAudit.IO.Tests;

public sealed class DataContractTests
{
    [Test]
    public void Describe_EveryTableAndColumn_IsListed()
    {
        var text = DataContract.Describe();

        Assert.Multiple(() =>
        {
            foreach (var table in DataContract.Tables)
            {
                Assert.That(text, Does.Contain($"\n{table.Name} ("));
                foreach (var column in table.Columns)
                {
                    Assert.That(text, Does.Match($@"\n  {Regex.Escape(column.Name)} +{Regex.Escape(DataContract.TypeName(column.Type))} "), $"{table.Name}.{column.Name}");
                }
            }
        });
    }

    [Test]
    public void Describe_EveryRejectionReason_IsExplained()
    {
        var reasons = typeof(Core.Model.RejectionReasons).GetFields().Select(f => (string)f.GetRawConstantValue()!);

        Assert.That(reasons, Has.All.Matches<string>(r => DataContract.Describe().Contains("  " + r + " ", StringComparison.Ordinal)));
    }

    [Test]
    public void Describe_DocsDataFormat_ContainsItVerbatim()
    {
        var path = Path.Combine(FindRepoRoot(), "docs", "data-format.md");
        var docs = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (!docs.Contains(DataContract.Describe(), StringComparison.Ordinal))
        {
            File.WriteAllText(Path.ChangeExtension(path, ".received.md"), DataContract.Describe());
        }

        Assert.That(docs, Does.Contain(DataContract.Describe()), "docs/data-format.md must repeat DataContract.Describe() in its ```text block; copy it over.");
    }

    [Test]
    public void Tables_AccountsAndFollows_AreRequiredWithRequiredIds()
    {
        var required = DataContract.Tables.Where(t => t.Required).Select(t => t.Name);

        Assert.That(required, Is.EqualTo(new[] { "accounts", "follows" }));
        Assert.That(DataContract.Accounts.Columns.Where(c => c.Required).Select(c => c.Name), Is.EqualTo(new[] { "account_id" }));
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FollowerAudit.sln not found above the test directory.");
    }
}
