using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting.Tests;

public sealed class FindingTextTests
{
    [Test]
    public void List_BatchAndBurstOfTheSameFollowers_EachSaysSoWithTheCountInBoth()
    {
        var audit = TestAudits.Suspicious().Accounts[0];

        var items = FindingText.List(audit.Findings, audit.Findings).Items;

        Assert.That(items, Has.Count.EqualTo(2));
        Assert.That(items[0].Plain, Does.Contain("largely the same followers as \"Burst of 3 followers\" (3 in both)"));
        Assert.That(items[1].Plain, Does.Contain("largely the same followers as \"Batch of 3 followers of"));
    }

    [Test]
    public void List_DisjointFollowers_SaysNothingAboutOverlap()
    {
        Finding a = new("d", "follower-burst", "A", "a", 0.5, [1, 2, 3, 4]), b = new("d", "follower-burst", "B", "b", 0.5, [3, 5, 6, 7]);

        var items = FindingText.List([a, b], [a, b]).Items;

        Assert.That(items.Select(i => i.Plain), Has.None.Contains("same followers"));
    }

    [Test]
    public void List_ManyOverlappingFindingsWithRepeats_SameSentencesAsTestingEveryPair()
    {
        // 60 findings over 200 ids, some listing an id twice, some empty, one listed twice in "all".
        var random = new Random(11);
        var findings = Enumerable.Range(0, 60).Select(k => new Finding("d", "follower-burst", "F" + (k % 7), "x", 0.5,
            [.. Enumerable.Range(0, k % 13 == 0 ? 0 : random.Next(1, 40)).Select(_ => (long)random.Next(0, k % 2 == 0 ? 60 : 200))])).ToList();
        List<Finding> all = [.. findings, findings[5]];

        var items = FindingText.List(findings, all).Items;

        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            var same = PairwiseSame(f, all);
            var expected = same.Count == 0 ? FindingText.Plain(f)
                : FindingText.Plain(f) + " These are largely the same followers as " + string.Join(" and ", same.Select(s => $"\"{s.Other.Title}\" ({s.Shared:N0} in both)")) +
                  (same.Count == 1 ? ": one event, seen by two detectors." : ": one event, seen by several detectors.");
            Assert.That(items[i].Plain, Is.EqualTo(expected), $"finding {i}");
        }

        Assert.That(items.Count(i => i.Plain.Contains("same followers", StringComparison.Ordinal)), Is.GreaterThan(10), "the case is exercised");
    }

    // The plain definition: every other finding tested, the smaller one's entries counted in the larger one's followers.
    private static List<(Finding Other, int Shared)> PairwiseSame(Finding f, IReadOnlyList<Finding> all) =>
        f.FollowerIds.Count == 0 ? [] :
        [.. all.Where(o => !ReferenceEquals(o, f) && o.FollowerIds.Count > 0)
            .Select(o => (Other: o, Small: f.FollowerIds.Count <= o.FollowerIds.Count ? f : o, Large: f.FollowerIds.Count <= o.FollowerIds.Count ? o : f))
            .Select(p => (p.Other, Shared: p.Small.FollowerIds.Count(p.Large.FollowerIds.ToHashSet().Contains), p.Small))
            .Where(p => p.Shared >= FindingText.SameFollowersShare * p.Small.FollowerIds.Count)
            .Select(p => (p.Other, p.Shared))
            .OrderByDescending(p => p.Shared).ThenBy(p => p.Other.Title, StringComparer.Ordinal)];

    [Test]
    public void Plain_CreationBatch_FollowOrderRangeAndCreationWidthWithoutStatistics()
    {
        var batch = new Finding("creation-batch", "creation-batch", "Batch of 1,288 followers created 2022-10-23 to 2022-10-24", "p 1.9E-034 after 4,849 windows", 1, [.. Enumerable.Range(1, 1288).Select(i => (long)i)])
        {
            FirstPosition = 2848,
            LastPosition = 4135,
            Start = new DateTime(2024, 9, 23, 6, 57, 0, DateTimeKind.Utc),
            End = new DateTime(2024, 9, 23, 13, 45, 0, DateTimeKind.Utc),
            Metrics = new Dictionary<string, double> { ["created_window_days"] = 0.61, ["creation_windows"] = 1 },
        };

        var plain = FindingText.Plain(batch);
        var statistics = FindingText.Statistics(batch);

        Assert.That(plain, Is.EqualTo("1,288 followers who followed one after another on 2024-09-23 (#2,848–#4,135 in follow order) all have accounts created within 1 day of each other: accounts made together and delivered together, as a follower factory does."));
        Assert.That(plain, Does.Not.Contain("E-0"));
        Assert.That(statistics, Does.StartWith(batch.Title + " (strength 1, creation-batch): ").And.EndWith(batch.Explanation));
    }

    [Test]
    public void Plain_CreationWindow_SaysHowManyWereExpectedAndWhenItIsAPurchase()
    {
        var window = new Finding("creation-batch", "creation-window", "40 followers created 2016-03-01 to 2016-03-03, where 0.4 were expected", "p 1.0E-030", 0.99, [.. Enumerable.Range(1, 40).Select(i => (long)i)])
        {
            Start = new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc),
            End = new DateTime(2024, 3, 20, 0, 0, 0, DateTimeKind.Utc),
            Metrics = new Dictionary<string, double> { ["created_window_days"] = 2.6, ["expected"] = 0.4, ["excess"] = 39.6 },
        };

        Assert.That(FindingText.Plain(window), Is.EqualTo(
            "40 followers, who followed between 2024-02-01 and 2024-03-19, have accounts created within 3 days of each other, where the creation dates of its other followers predict about 0: " +
            "accounts registered together, wherever they are in the follow order. That is a purchase when most of the accounts created then in the data follow this account and they arrived within weeks, " +
            "as a vendor drip-feeding an order delivers them; camouflage bots registered together follow many accounts, each on its own schedule."));
    }

    [Test]
    public void Plain_SilentBurst_SaysHowManyTimesTheUsualPaceAndThatInteractionsDidNotRise()
    {
        var burst = new Finding("follower-burst", "follower-burst", "Burst", "z 434.4", 0.99, [1, 2])
        {
            Start = new DateTime(2025, 5, 15, 0, 0, 0, DateTimeKind.Utc),
            End = new DateTime(2025, 5, 17, 0, 0, 0, DateTimeKind.Utc),
            Metrics = new Dictionary<string, double> { ["observed"] = 321, ["expected"] = 18, ["viral"] = 0, ["interactions"] = 0 },
        };

        Assert.That(FindingText.Plain(burst), Is.EqualTo("The account gained 321 followers between 2025-05-15 and 2025-05-16, about 18 times what its usual pace predicts. Interactions on its posts did not rise with them: new followers who do not interact."));
    }

    [Test]
    public void Plain_UnknownKind_FallsBackToTheTitle()
    {
        Assert.That(FindingText.Plain(new Finding("x", "something-new", "Something new", "e", 0.1, [])), Is.EqualTo("Something new."));
    }

    [Test]
    public void AccountReport_FindingsInPlainWordsAndMetricTablesFolded()
    {
        var run = TestAudits.Suspicious();
        var audit = run.Accounts[0];
        var document = ReportContent.Account(audit, audit.Verdict, [], RejectionSummary.None, "rejected-rows.csv", TestAudits.Options());

        var html = HtmlRenderer.Render(document);
        var markdown = MarkdownRenderer.Render(document);

        Assert.That(html, Does.Contain("<ul class=\"findings\">").And.Contain("<span class=\"stats\">"));
        Assert.That(html, Does.Contain("<details>\n<summary>Findings table and metrics of test-batch</summary>"));
        Assert.That(markdown, Does.Contain("<details>\n<summary>Findings table and metrics of test-batch</summary>\n\n| Finding |"));

        // The metric table sits inside the fold, after its summary.
        var fold = html.IndexOf("<summary>Findings table and metrics of test-batch", StringComparison.Ordinal);
        Assert.That(html.IndexOf("<th>Metric</th>", StringComparison.Ordinal), Is.GreaterThan(fold));
        Assert.That(html, Does.Not.Contain("<script>"), "data text stays escaped inside the new blocks");
    }
}
