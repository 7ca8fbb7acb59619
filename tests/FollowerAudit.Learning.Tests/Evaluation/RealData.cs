using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>Loads the real labeled datasets once per test run (skipping the test when they are absent).</summary>
internal static class RealData
{
    private static AuditDataset? _cresci;

    /// <summary>Cresci 2015 E13 (genuine) + INT (bought followers).</summary>
    public static AuditDataset Cresci()
    {
        var e13 = SharedDatasets.RequireFile("cresci2015-E13-INT", "E13_users.csv");
        var fakes = SharedDatasets.RequireFile("cresci2015-E13-INT", "INT_users.csv");
        return _cresci ??= TwitterUsersImporter.Import([(e13, AccountLabel.Genuine), (fakes, AccountLabel.Fake)]);
    }
}
