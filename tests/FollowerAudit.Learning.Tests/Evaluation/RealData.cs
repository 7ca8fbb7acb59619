using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>Loads the real labeled datasets once per test run (skipping the test when they are absent).</summary>
internal static class RealData
{
    private static AuditDataset? _cresci;
    private static AuditDataset? _kaggle;
    private static AuditDataset? _purba;

    /// <summary>Cresci 2015 E13 (genuine) + INT (bought followers).</summary>
    public static AuditDataset Cresci()
    {
        var e13 = SharedDatasets.RequireFile("cresci2015-E13-INT", "E13_users.csv");
        var fakes = SharedDatasets.RequireFile("cresci2015-E13-INT", "INT_users.csv");
        return _cresci ??= TwitterUsersImporter.Import([(e13, AccountLabel.Genuine), (fakes, AccountLabel.Fake)]);
    }

    /// <summary>Instagram Kaggle train.csv (288 fake/spam, 288 genuine).</summary>
    public static AuditDataset Kaggle() =>
        _kaggle ??= CsvTableImporter.Import(SharedDatasets.RequireFile("instagram-kaggle", "train.csv"), CsvTableImporter.InstagramKaggleMapping);

    /// <summary>Purba et al. 2020 Instagram: authentic genuine, active and inactive fakes fake, spammers unlabelled.</summary>
    public static AuditDataset Purba() =>
        _purba ??= CsvTableImporter.Import(SharedDatasets.RequireFile("instagram-purba2020", "user_fake_authentic_4class.csv"), CsvTableImporter.InstagramPurbaMapping);

    /// <summary>The three labeled populations, named as in docs/accuracy.md.</summary>
    public static IReadOnlyList<LabeledPopulation> Populations() =>
    [
        new("cresci-2015", Cresci()),
        new("instagram-kaggle", Kaggle()),
        new("instagram-purba2020", Purba()),
    ];
}
