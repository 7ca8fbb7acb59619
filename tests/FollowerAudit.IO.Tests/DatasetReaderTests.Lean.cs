using FollowerAudit.Core.Model;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.IO.Tests.TestSupport;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    [Test]
    public async Task ReadFollowGraphAsync_RejectionSample_SameRowsRejectionsAndReferenceTimeAsAFullRead()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Rejections);
        var folder = _temp.Combine(BadSamples.Rejections);
        var options = new DatasetReadOptions { Clock = BadSamples.Clock };
        var full = await DatasetReader.ReadAsync(folder, options);

        var lean = await DatasetReader.ReadFollowGraphAsync(folder, (_, _) => false, options);

        Assert.Multiple(() =>
        {
            // The profile columns that can be rejected (counts, label) are still checked, so the list is the same.
            Assert.That(lean.Rejections, Is.EqualTo(full.Rejections));
            Assert.That(lean.ReferenceTime, Is.EqualTo(full.ReferenceTime));
            Assert.That(lean.Accounts.AccountId, Is.EqualTo(full.Accounts.AccountId));
            Assert.That(lean.Accounts.CreatedAt, Is.EqualTo(full.Accounts.CreatedAt));
            Assert.That(lean.Follows.FollowerId, Is.EqualTo(full.Follows.FollowerId));
            Assert.That(lean.Follows.FolloweeId, Is.EqualTo(full.Follows.FolloweeId));
            Assert.That(lean.Follows.FollowedAt, Is.EqualTo(full.Follows.FollowedAt));
            Assert.That(lean.Posts.PostId, Is.EqualTo(full.Posts.PostId));
            Assert.That(lean.Engagements.ActorId, Is.EqualTo(full.Engagements.ActorId));
            Assert.That(lean.Snapshots.At, Is.EqualTo(full.Snapshots.At));
            Assert.That(lean.Accounts.FollowersCount, Is.Null, "profile columns are not kept");
            Assert.That(lean.Accounts.LastPostAt, Is.Null, "read for the reference time only");
        });
    }

    [Test]
    public async Task ReadFollowGraphAsync_Demo_KeepsHandlesOfFollowedAndNamedAccountsOnly()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var full = await DatasetReader.ReadAsync(_temp.Path, Options);
        var followed = full.Follows.FolloweeId.ToHashSet();
        var named = full.Accounts.AccountId.First(id => !followed.Contains(id));

        var lean = await DatasetReader.ReadFollowGraphAsync(_temp.Path, (id, _) => id == named, Options);

        var expected = full.Accounts.AccountId.Select((id, r) => followed.Contains(id) || id == named ? full.Accounts.Handle![r] : null);
        Assert.That(lean.Accounts.Handle, Is.EqualTo(expected));
        Assert.That(lean.Rejections, Is.EqualTo(full.Rejections));
        Assert.That(lean.ReferenceTime, Is.EqualTo(full.ReferenceTime));
    }

    [Test]
    public async Task ReadAccountRowsAsync_IdsInAnyOrder_WholeRowsOfAFullReadInThatOrder()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var full = await DatasetReader.ReadAsync(_temp.Path, Options);
        var rows = Enumerable.Range(0, full.Accounts.Count).Where(r => r % 7 == 3).Reverse().ToArray();
        var ids = rows.Select(r => full.Accounts.AccountId[r]).ToArray();

        var actual = await DatasetReader.ReadAccountRowsAsync(_temp.Path, ids, Options);

        var expected = full.Accounts.Select(rows);
        Assert.Multiple(() =>
        {
            Assert.That(actual.AccountId, Is.EqualTo(ids));
            foreach (var column in typeof(AccountTable).GetProperties().Where(p => p.PropertyType.IsArray))
            {
                Assert.That(column.GetValue(actual), Is.EqualTo(column.GetValue(expected)), column.Name);
            }
        });
        Assert.That(async () => await DatasetReader.ReadAccountRowsAsync(_temp.Path, [ids[0], 987_654_321], Options),
            Throws.InstanceOf<InputDataException>().With.Message.Contains("987654321").And.Message.Contains("not in the accounts table"));
    }

    [Test]
    public async Task ReadAccountRowsInChunksAsync_RowGroupsOfTwoThousand_EveryIdOnceAndTheRowsOfAWholeRead()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var full = await DatasetReader.ReadAsync(_temp.Path, Options);
        var ids = Enumerable.Range(0, full.Accounts.Count).Where(r => r % 3 != 1).Reverse().Select(r => full.Accounts.AccountId[r]).ToArray();
        var whole = await DatasetReader.ReadAccountRowsAsync(_temp.Path, ids, Options);

        var chunks = new List<(AccountTable Rows, int[] Positions)>();
        await DatasetReader.ReadAccountRowsInChunksAsync(_temp.Path, ids, (rows, positions) => chunks.Add((rows, positions)), Options);

        Assert.That(chunks, Has.Count.GreaterThan(1), "one chunk per row group");
        Assert.That(chunks.Max(c => c.Rows.Count), Is.LessThanOrEqualTo(2_000));
        Assert.That(chunks.SelectMany(c => c.Positions).Order(), Is.EqualTo(Enumerable.Range(0, ids.Length)), "every id once");
        AssertRowsEqual(chunks, whole);
    }

    [Test]
    public async Task ReadAccountRowsInChunksAsync_RejectionSample_CellsCheckedAsByAWholeRead()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Rejections);
        var folder = _temp.Combine(BadSamples.Rejections);
        var options = new DatasetReadOptions { Clock = BadSamples.Clock };
        var full = await DatasetReader.ReadAsync(folder, options);
        var ids = full.Accounts.AccountId.Reverse().ToArray();
        var whole = await DatasetReader.ReadAccountRowsAsync(folder, ids, options);

        var chunks = new List<(AccountTable Rows, int[] Positions)>();
        await DatasetReader.ReadAccountRowsInChunksAsync(folder, ids, (rows, positions) => chunks.Add((rows, positions)), options);

        AssertRowsEqual(chunks, whole);
    }

    [Test]
    public async Task ReadAccountRowsInChunksAsync_UnknownOrRepeatedId_SaysWhich()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var id = world.Dataset.Accounts.AccountId[3];

        Assert.That(async () => await DatasetReader.ReadAccountRowsInChunksAsync(_temp.Path, [id, 987_654_321], (_, _) => { }, Options),
            Throws.InstanceOf<InputDataException>().With.Message.Contains("987654321").And.Message.Contains("not in the accounts table"));
        Assert.That(async () => await DatasetReader.ReadAccountRowsInChunksAsync(_temp.Path, [id, id], (_, _) => { }, Options),
            Throws.ArgumentException.With.Message.Contains("twice"));
    }

    [Test]
    public async Task ReadAccountRowsInChunksAsync_SeveralUnknownOrRepeatedIds_NamesTheFirstInTheOrderAsked()
    {
        // The ids are looked up in sorted arrays, but the error still names the first bad id of the list, as it did
        // when the lookup was a dictionary filled in list order.
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var a = world.Dataset.Accounts.AccountId[3];
        var b = world.Dataset.Accounts.AccountId[7];
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));

        Assert.That(async () => await DatasetReader.ReadAccountRowsInChunksAsync(_temp.Path, [a, 987_654_329, 5, b], (_, _) => { }, Options),
            Throws.InstanceOf<InputDataException>().With.Message.EqualTo($"{_temp.Path}: account id 987654329 is not in the accounts table."));
        Assert.That(async () => await DatasetReader.ReadAccountRowsInChunksAsync(_temp.Path, [high, low, low, high], (_, _) => { }, Options),
            Throws.ArgumentException.With.Message.StartsWith($"Account id {low} is asked for twice."));
        Assert.That(async () => await DatasetReader.ReadAccountRowsAsync(_temp.Path, [987_654_329, 5], Options),
            Throws.InstanceOf<InputDataException>().With.Message.Contains("987654329"));
    }

    [Test]
    public async Task ReadAccountRowsAsync_RepeatedIds_RepeatsTheRow()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var (a, b) = (world.Dataset.Accounts.AccountId[3], world.Dataset.Accounts.AccountId[7]);

        var rows = await DatasetReader.ReadAccountRowsAsync(_temp.Path, [b, a, b], Options);

        Assert.That(rows.AccountId, Is.EqualTo(new[] { b, a, b }));
        Assert.That(rows.Handle, Is.EqualTo(new[] { world.Dataset.Accounts.Handle![7], world.Dataset.Accounts.Handle[3], world.Dataset.Accounts.Handle[7] }));
    }

    // The chunks' rows, each put back at its position, are the whole read's rows, column by column.
    private static void AssertRowsEqual(List<(AccountTable Rows, int[] Positions)> chunks, AccountTable whole)
    {
        Assert.Multiple(() =>
        {
            foreach (var column in typeof(AccountTable).GetProperties().Where(p => p.PropertyType.IsArray))
            {
                var expected = (Array?)column.GetValue(whole);
                var present = chunks.Select(c => column.GetValue(c.Rows) is not null).Distinct().ToArray();
                Assert.That(present, Is.EqualTo(new[] { expected is not null }), column.Name + " present in every chunk as in the whole read");
                if (expected is null)
                {
                    continue;
                }

                var actual = Array.CreateInstance(column.PropertyType.GetElementType()!, whole.Count);
                foreach (var (rows, positions) in chunks)
                {
                    var values = (Array)column.GetValue(rows)!;
                    for (var i = 0; i < positions.Length; i++)
                    {
                        actual.SetValue(values.GetValue(i), positions[i]);
                    }
                }

                Assert.That(actual, Is.EqualTo(expected), column.Name);
            }
        });
    }
}
