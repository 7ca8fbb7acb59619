using System.Collections;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.IO.Tests.TestSupport;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests;

// Row groups are decoded on several workers (RowGroupDecoder) and handed to the loader in table order: every read must
// give the same rows, in the same order, with the same rejections and errors, whatever the number of workers.
public sealed partial class DatasetReaderTests
{
    private static readonly int[] WorkerCounts = [2, 3];

    [Test]
    public async Task ReadAsync_DemoInSmallRowGroups_SameTablesForOneOrSeveralWorkers()
    {
        // Row groups of 300 rows: dozens per table, so the workers finish out of order.
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 300);
        var one = await DatasetReader.ReadAsync(_temp.Path, Options with { DecodeWorkers = 1 });

        foreach (var workers in WorkerCounts)
        {
            var several = await DatasetReader.ReadAsync(_temp.Path, Options with { DecodeWorkers = workers });

            AssertSameDataset(several, one, $"{workers} workers");
        }

        Assert.That(one.Follows.Count, Is.EqualTo(world.Dataset.Follows.Count), "the demo has no bad rows");
    }

    [Test]
    public async Task ReadAsync_CommittedDemo_SameTablesForOneOrTwoWorkers()
    {
        var demo = Path.Combine(DataContractTests.FindRepoRoot(), "data-samples", "demo");

        var one = await DatasetReader.ReadAsync(demo, Options with { DecodeWorkers = 1 });
        var two = await DatasetReader.ReadAsync(demo, Options with { DecodeWorkers = 2 });

        AssertSameDataset(two, one, "data-samples/demo");
    }

    [Test]
    public async Task ReadAsync_RejectionSample_SameRowsAndRejectionsForOneOrSeveralWorkers()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Rejections);
        var folder = _temp.Combine(BadSamples.Rejections);
        var options = new DatasetReadOptions { Clock = BadSamples.Clock };
        var one = await DatasetReader.ReadAsync(folder, options with { DecodeWorkers = 1 });

        foreach (var workers in WorkerCounts)
        {
            var several = await DatasetReader.ReadAsync(folder, options with { DecodeWorkers = workers });

            AssertSameDataset(several, one, $"{workers} workers");
        }

        Assert.That(one.Rejections, Has.Count.EqualTo(19), "data-samples/bad/README.md");
    }

    [TestCase(BadSamples.MissingColumn)]
    [TestCase(BadSamples.WrongType)]
    [TestCase(BadSamples.NotParquet)]
    [TestCase(BadSamples.Truncated)]
    [TestCase(BadSamples.EmptyParts)]
    public async Task ReadAsync_BadSample_SameErrorForOneOrTwoWorkers(string sample)
    {
        await BadSamples.WriteAsync(_temp.Path, sample);
        var folder = _temp.Combine(sample);

        var one = await ErrorOfAsync(() => DatasetReader.ReadAsync(folder, Options with { DecodeWorkers = 1 }));
        var two = await ErrorOfAsync(() => DatasetReader.ReadAsync(folder, Options with { DecodeWorkers = 2 }));

        Assert.That(one, Is.InstanceOf<InputDataException>());
        Assert.That(two?.GetType(), Is.EqualTo(one!.GetType()));
        Assert.That(two!.Message, Is.EqualTo(one.Message));
    }

    [Test]
    public async Task ReadFollowGraphAsync_SmallRowGroups_SameLeanDatasetForOneOrTwoWorkers()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 300);

        var one = await DatasetReader.ReadFollowGraphAsync(_temp.Path, (_, _) => false, Options with { DecodeWorkers = 1 });
        var two = await DatasetReader.ReadFollowGraphAsync(_temp.Path, (_, _) => false, Options with { DecodeWorkers = 2 });

        AssertSameDataset(two, one, "lean read");
        Assert.That(one.Accounts.Handle!.Count(h => h is not null), Is.EqualTo(world.Dataset.Follows.FolloweeId.Distinct().Count()), "handles of the followed accounts");
    }

    [Test]
    public async Task ReadAccountRowsInChunksAsync_TwoWorkers_ChunksInTableOrderAndTheRowsOfAWholeRead()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 300);
        var full = await DatasetReader.ReadAsync(_temp.Path, Options with { DecodeWorkers = 1 });
        var ids = Enumerable.Range(0, full.Accounts.Count).Where(r => r % 4 != 2).Reverse().Select(r => full.Accounts.AccountId[r]).ToArray();
        var whole = await DatasetReader.ReadAccountRowsAsync(_temp.Path, ids, Options with { DecodeWorkers = 1 });

        var chunks = new List<(AccountTable Rows, int[] Positions)>();
        await DatasetReader.ReadAccountRowsInChunksAsync(_temp.Path, ids, (rows, positions) => chunks.Add((rows, positions)), Options with { DecodeWorkers = 2 });

        // Table order: the chunks' ids, one after the other, are the wanted ids in the order the accounts table holds them.
        var wanted = ids.ToHashSet();
        Assert.That(chunks.SelectMany(c => c.Rows.AccountId), Is.EqualTo(full.Accounts.AccountId.Where(wanted.Contains)));
        Assert.That(chunks, Has.Count.GreaterThan(10));
        AssertRowsEqual(chunks, whole);
    }

    [Test]
    public async Task ReadAccountSliceAsync_TwoWorkers_SameSliceAsOneWorker()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 3 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 300);
        var whole = await DatasetReader.ReadPopulationAsync(_temp.Path, null, Options);

        foreach (var audited in world.Truth.AuditedAccounts)
        {
            var one = await DatasetReader.ReadAccountSliceAsync(_temp.Path, audited.AccountId, whole, options: Options with { DecodeWorkers = 1 });
            var two = await DatasetReader.ReadAccountSliceAsync(_temp.Path, audited.AccountId, whole, options: Options with { DecodeWorkers = 2 });

            SliceAssert.Same(two, one, audited.Handle);
        }
    }

    [Test]
    public void Validate_NoDecodeWorker_SaysSo()
    {
        Assert.That(new DatasetReadOptions { DecodeWorkers = 0 }.Validate(), Has.One.Contains("DecodeWorkers must be at least 1 (got 0)"));
        Assert.That(new DatasetReadOptions { DecodeWorkers = 1 }.Validate(), Is.Empty);
    }

    private static async Task<Exception?> ErrorOfAsync(Func<Task> read)
    {
        try
        {
            await read();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    // Every table's every column, the rejections and the reference time.
    private static void AssertSameDataset(AuditDataset actual, AuditDataset expected, string what)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Rejections, Is.EqualTo(expected.Rejections), what + ": rejections");
            Assert.That(actual.ReferenceTime, Is.EqualTo(expected.ReferenceTime), what + ": reference time");
            AssertSameColumns(actual.Accounts, expected.Accounts, what);
            AssertSameColumns(actual.Follows, expected.Follows, what);
            AssertSameColumns(actual.Posts, expected.Posts, what);
            AssertSameColumns(actual.Engagements, expected.Engagements, what);
            AssertSameColumns(actual.Snapshots, expected.Snapshots, what);
        });
    }

    private static void AssertSameColumns<T>(T? actual, T? expected, string what)
        where T : class
    {
        Assert.That(actual is null, Is.EqualTo(expected is null), $"{what}: {typeof(T).Name} present");
        if (actual is null || expected is null)
        {
            return;
        }

        foreach (var column in typeof(T).GetProperties().Where(p => p.PropertyType.IsArray))
        {
            Assert.That((IEnumerable?)column.GetValue(actual), Is.EqualTo((IEnumerable?)column.GetValue(expected)), $"{what}: {typeof(T).Name}.{column.Name}");
        }
    }
}
