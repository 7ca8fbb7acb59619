using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Detectors.Lockstep;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Pipeline;

public sealed class AuditRunnerTests
{
    private static readonly SyntheticWorld World = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 7 });

    private static int[] AuditedRows(SyntheticWorld world) =>
        [.. world.Truth.AuditedAccounts.Select(a => world.Dataset.Accounts.TryGetRow(a.AccountId, out var row) ? row : -1)];

    private static AuditPipeline Pipeline() =>
        new AuditPipelineBuilder().UseProfileScoring().UsePublishedRuleSets().UseUnsupervisedScoring()
            .UseFollowerBursts().UseCreationBatches().UseEngagementDivergence().UseLockstep().UseFraudar().Build();

    [Test]
    public void Run_AccountsInParallel_SameAuditsInTheSameOrderAsOneAtATime()
    {
        var rows = AuditedRows(World);
        var pipeline = Pipeline();

        var sequential = new AuditRunner(pipeline) { MaxParallelAccounts = 1 }.Run(World.Dataset, rows, null, CancellationToken.None);
        var parallel = new AuditRunner(pipeline) { MaxParallelAccounts = 4 }.Run(World.Dataset, rows, null, CancellationToken.None);

        Assert.That(parallel.Accounts.Select(a => a.AccountId), Is.EqualTo(rows.Select(r => World.Dataset.Accounts.AccountId[r])));
        for (var i = 0; i < rows.Length; i++)
        {
            var (s, p) = (sequential.Accounts[i], parallel.Accounts[i]);
            Assert.That(p.FollowerScores.Scores, Is.EqualTo(s.FollowerScores.Scores), $"scores of {s.Handle}");
            Assert.That(p.Estimate, Is.EqualTo(s.Estimate), $"estimate of {s.Handle}");
            Assert.That(p.Verdict.Code, Is.EqualTo(s.Verdict.Code), $"verdict of {s.Handle}");
            Assert.That(p.Findings.Select(f => f.Title), Is.EqualTo(s.Findings.Select(f => f.Title)), $"findings of {s.Handle}");
        }
    }

    [Test]
    public void PrepareThenAudit_SameAuditsAsRun()
    {
        var rows = AuditedRows(World).Take(3).ToArray();
        var runner = new AuditRunner(Pipeline());

        var whole = runner.Run(World.Dataset, rows, null, CancellationToken.None);
        var prepared = runner.Prepare(World.Dataset, rows, null, CancellationToken.None);
        var ids = Enumerable.Range(0, prepared.Count).Select(i => prepared.Slice(i).AccountId).ToArray();
        var split = runner.Audit(prepared, null, CancellationToken.None);

        Assert.That(ids, Is.EqualTo(whole.Accounts.Select(a => a.AccountId)));
        Assert.That(split.Accounts.Select(a => a.AccountId), Is.EqualTo(ids));
        Assert.Throws<InvalidOperationException>(() => prepared.Slice(0), "a prepared run is audited once: its slices are let go");
        Assert.That(split.Accounts.Select(a => a.Estimate), Is.EqualTo(whole.Accounts.Select(a => a.Estimate)));
        Assert.That(split.Accounts.Select(a => a.Verdict.Headline), Is.EqualTo(whole.Accounts.Select(a => a.Verdict.Headline)));
        Assert.That(split.DatasetResults.Select(r => r.Summary), Is.EqualTo(whole.DatasetResults.Select(r => r.Summary)));
    }

    [Test]
    public void Run_RecordsEveryStageWithItsRunsAndPeakMemory()
    {
        var rows = AuditedRows(World);
        var stages = new AuditStages();
        var started = new List<string>();
        stages.StageStarted = s =>
        {
            lock (started)
            {
                started.Add(s);
            }
        };

        new AuditRunner(Pipeline()).Run(World.Dataset, rows, stages, CancellationToken.None);

        var timings = stages.Timings().ToDictionary(t => t.Stage);
        Assert.Multiple(() =>
        {
            Assert.That(timings.Keys, Does.Contain("index").And.Contain("dataset/fraudar").And.Contain("audit/slice")
                .And.Contain("audit/features/" + ProfileFeatureExtractor.ExtractorName).And.Contain("audit/scorer/" + CloneDensityScorer.ScorerName)
                .And.Contain("audit/detector/creation-batch").And.Contain("audit/estimate"));
            Assert.That(timings["audit/slice"].Runs, Is.EqualTo(rows.Length));
            Assert.That(timings["index"].Runs, Is.EqualTo(1));
            Assert.That(timings.Values.Select(t => t.PeakWorkingSetBytes), Has.All.GreaterThan(0));
            Assert.That(timings.Values.Select(t => t.Cpu), Has.All.GreaterThanOrEqualTo(TimeSpan.Zero));
            Assert.That(timings.Values.Sum(t => t.Cpu.TotalSeconds), Is.GreaterThan(0), "the audit's stages used CPU");
            Assert.That(stages.Accounts, Is.EqualTo((rows.Length, rows.Length)));
            Assert.That(started, Has.Some.Contains("scorer clone-density on"));
        });
    }

    [Test]
    public void Run_CancelledBeforehand_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => new AuditRunner(Pipeline()).Run(World.Dataset, AuditedRows(World), null, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void AccountSlice_HoldsOnlyItsOwnAccountsActivity_AndNoDataset()
    {
        var dataset = new GraphBuilder()
            .Account(1).Account(2).Account(3).Account(9)
            .Follow(2, 1, GraphBuilder.Utc(2024, 3, 1)).Follow(3, 1, GraphBuilder.Utc(2024, 3, 2)).Follow(3, 9, GraphBuilder.Utc(2024, 3, 2))
            .Post(100, 1, GraphBuilder.Utc(2024, 3, 5), 10).Post(101, 9, GraphBuilder.Utc(2024, 3, 5), 99).Post(102, 1, GraphBuilder.Utc(2024, 3, 6), 12)
            .Snapshot(1, GraphBuilder.Utc(2024, 3, 7), 2).Snapshot(9, GraphBuilder.Utc(2024, 3, 7), 1)
            .Build(GraphBuilder.Utc(2024, 4, 1));

        dataset.Accounts.TryGetRow(1, out var row);
        var slice = AccountSlice.Create(dataset, row);

        Assert.Multiple(() =>
        {
            Assert.That(slice.Posts.PostId, Is.EquivalentTo(new long[] { 100, 102 }));
            Assert.That(slice.Snapshots.AccountId, Is.EqualTo(new long[] { 1 }));
            Assert.That(slice.Followers.AccountId, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(slice.Account.AccountId, Is.EqualTo(new long[] { 1 }));
            Assert.That(slice.FollowOrder, Is.EqualTo(FollowOrderSource.Time));
            Assert.That(slice.ReferenceTime, Is.EqualTo(dataset.ReferenceTime));

            // Self-contained: nothing in a slice or an audit reaches back to the dataset it was cut from.
            Assert.That(typeof(AccountSlice).GetProperties().Select(p => p.PropertyType), Has.None.EqualTo(typeof(AuditDataset)));
            Assert.That(typeof(AccountAudit).GetProperties().Select(p => p.PropertyType), Has.None.EqualTo(typeof(AuditDataset)));
            Assert.That(typeof(AuditRun).GetProperties().Select(p => p.PropertyType), Has.None.EqualTo(typeof(AuditDataset)));
        });
    }
}
