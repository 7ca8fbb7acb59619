using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Core.Tests.Synthetic;

public sealed class WorldOptionsTests
{
    private static IEnumerable<TestCaseData> BadOptions()
    {
        var d = WorldOptions.Default;
        yield return new TestCaseData(d with { GenuineAccounts = 10 }, "GenuineAccounts").SetName("Validate_TooFewGenuineAccounts_Rejects");
        yield return new TestCaseData(d with { AuditedAccounts = 0 }, "AuditedAccounts").SetName("Validate_NoAuditedAccounts_Rejects");
        yield return new TestCaseData(d with { AuditedAccounts = 100 }, "AuditedAccounts").SetName("Validate_HundredAuditedAccounts_Rejects");
        yield return new TestCaseData(d with { CleanAccounts = 9 }, "CleanAccounts").SetName("Validate_MoreCleanThanAudited_Rejects");
        yield return new TestCaseData(d with { MinGenuineFollowers = 5 }, "MinGenuineFollowers").SetName("Validate_TinyMinFollowers_Rejects");
        yield return new TestCaseData(d with { MaxGenuineFollowers = 500 }, "MaxGenuineFollowers").SetName("Validate_MaxBelowMin_Rejects");
        yield return new TestCaseData(d with { MaxGenuineFollowers = 30_000 }, "GenuineAccounts").SetName("Validate_MaxAbovePopulation_Rejects");
        yield return new TestCaseData(d with { BackgroundFollowsPerAccount = -1 }, "BackgroundFollowsPerAccount").SetName("Validate_NegativeBackgroundFollows_Rejects");
        yield return new TestCaseData(d with { BackgroundFollowsPerAccount = double.NaN }, "BackgroundFollowsPerAccount").SetName("Validate_NaNBackgroundFollows_Rejects");
        yield return new TestCaseData(d with { ReferenceTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Local) }, "UTC").SetName("Validate_LocalReferenceTime_Rejects");
        yield return new TestCaseData(d with { ReferenceTime = new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc) }, "ReferenceTime").SetName("Validate_ReferenceTimeTooEarly_Rejects");
        yield return new TestCaseData(d with { SnapshotDays = 10 }, "SnapshotDays").SetName("Validate_ShortSnapshotPeriod_Rejects");
        yield return new TestCaseData(d with { Vendors = [] }, "Vendors").SetName("Validate_NoVendorsWithBuyers_Rejects");
        yield return new TestCaseData(d with { CamouflageCustomers = 6 }, "CamouflageCustomers").SetName("Validate_MoreCamouflageCustomersThanBuyers_Rejects");
        yield return new TestCaseData(d with { MinPurchaseShare = 0.001 }, "MinPurchaseShare").SetName("Validate_PurchaseBelowOnePercent_Rejects");
        yield return new TestCaseData(d with { MaxPurchaseShare = 0.02 }, "MaxPurchaseShare").SetName("Validate_MaxShareBelowMin_Rejects");
        yield return new TestCaseData(d with { PodSize = 1 }, "PodSize").SetName("Validate_TinyPod_Rejects");
        yield return new TestCaseData(d with { PostsPerAuditedAccount = 0 }, "PostsPerAuditedAccount").SetName("Validate_NoPosts_Rejects");
        yield return new TestCaseData(d with { SampledPosterShare = 1.5 }, "SampledPosterShare").SetName("Validate_PosterShareAboveOne_Rejects");
        yield return new TestCaseData(d with { ViralShare = 2 }, "ViralShare").SetName("Validate_ViralShareAboveOne_Rejects");
        yield return new TestCaseData(d with { MaxEngagementsPerPost = -1 }, "MaxEngagementsPerPost").SetName("Validate_NegativeEngagementCap_Rejects");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Validate_BadOption_NamesTheOption(WorldOptions options, string expected)
    {
        var problems = options.Validate().ToList();

        Assert.That(problems, Has.Some.Contains(expected));
    }

    [Test]
    public void Validate_Presets_AreValid()
    {
        Assert.That(WorldOptions.Default.Validate(), Is.Empty);
        Assert.That(WorldOptions.Demo.Validate(), Is.Empty);
        Assert.That(WorldOptions.SingleAccount(1_000_000).Validate(), Is.Empty);
    }

    [Test]
    public void SingleAccount_TooFewFollowers_Throws()
    {
        Assert.That(() => WorldOptions.SingleAccount(10), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Generate_SingleAccount_GivesAboutThatManyFollowers()
    {
        var world = WorldGenerator.Generate(WorldOptions.SingleAccount(20_000, seed: 3));

        var audited = world.Truth.AuditedAccounts.Single();

        Assert.That(audited.GenuineFollowers + audited.FakeFollowers, Is.InRange(19_000, 21_000));
        Assert.That(world.Truth.Purchases.Single().Vendor, Is.EqualTo(VendorKind.Cheap));
    }
}
