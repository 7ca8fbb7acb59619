using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.IO.Tests.TestSupport;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    [Test]
    public async Task ReadAccountSliceAsync_EveryAuditedAccount_SameSliceAsCutFromTheFullDataset()
    {
        // Small row groups, so most of them hold other accounts' follows and are skipped by their statistics.
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 3 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var full = await DatasetReader.ReadAsync(_temp.Path, Options);
        var whole = await DatasetReader.ReadPopulationAsync(_temp.Path, full.ReferenceTime, Options);

        Assert.That(whole.Population.CreationTicksSorted, Is.EqualTo(full.CreationTicksSorted));
        Assert.That(whole.Population.AccountsInData, Is.EqualTo(full.Accounts.Count));
        foreach (var audited in world.Truth.AuditedAccounts)
        {
            full.Accounts.TryGetRow(audited.AccountId, out var row);
            var expected = AccountSlice.Create(full, row);

            var actual = await DatasetReader.ReadAccountSliceAsync(_temp.Path, audited.AccountId, whole, options: Options);

            SliceAssert.Same(actual, expected, audited.Handle);
        }
    }

    [Test]
    public async Task ReadAccountSlicePartsAsync_PickedFromTheWholeAccountsTable_SameSliceAsReadFromTheFiles()
    {
        // One accounts table read once serves every slice, sampled or not, with the same rows as a read from the files.
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 5 });
        await DatasetWriter.WriteAsync(world.Dataset, _temp.Path, maxRowGroupRows: 2_000);
        var full = await DatasetReader.ReadAsync(_temp.Path, Options);
        var accounts = await DatasetReader.ReadAccountsAsync(_temp.Path, Options);
        var population = await DatasetReader.ReadCreationPopulationAsync(_temp.Path, Options);
        var whole = new DatasetWhole(full.ReferenceTime, population);

        Assert.That(accounts.AccountId, Is.EqualTo(full.Accounts.AccountId));
        Assert.That(CreationPopulation.Of(accounts).CreationTicksSorted, Is.EqualTo(population.CreationTicksSorted));
        Assert.That(population.AccountsInData, Is.EqualTo(full.Accounts.Count));
        foreach (var audited in world.Truth.AuditedAccounts)
        {
            var fromFiles = await DatasetReader.ReadAccountSlicePartsAsync(_temp.Path, audited.AccountId, options: Options);
            var fromTable = await DatasetReader.ReadAccountSlicePartsAsync(_temp.Path, audited.AccountId, accounts, Options);
            Assert.That(fromTable.FollowCount, Is.EqualTo(fromFiles.FollowCount).And.GreaterThan(0), audited.Handle);
            foreach (var sample in new int?[] { null, 40 })
            {
                SliceAssert.Same(fromTable.Cut(whole, sample, seed: 7), fromFiles.Cut(whole, sample, seed: 7), $"{audited.Handle} sample {sample}");
            }

            full.Accounts.TryGetRow(audited.AccountId, out var row);
            SliceAssert.Same(fromTable.Cut(whole, 40, seed: 7), AccountSlice.Create(full, row, 40, seed: 7), $"{audited.Handle} against the full read");
        }
    }

    [Test]
    public async Task ReadAccountSliceAsync_AccountNotInTheDataset_SaysSo()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);
        var whole = await DatasetReader.ReadPopulationAsync(_temp.Path, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), Options);

        Assert.That(async () => await DatasetReader.ReadAccountSliceAsync(_temp.Path, 987_654_321, whole, options: Options),
            Throws.InstanceOf<Core.Model.InputDataException>().With.Message.Contains("987654321").And.Message.Contains("not in the accounts table"));
    }

    [Test]
    public async Task WriteAsync_FollowsOutOfOrder_WrittenGroupedByFolloweeKeepingEachAccountsOrder()
    {
        var dataset = new GraphBuilder().Account(1).Account(2).Account(3).Account(4)
            .Follow(3, 2, rank: 0).Follow(4, 1, rank: 0).Follow(2, 1, rank: 1).Follow(1, 2, rank: 1).Follow(3, 1, rank: 2)
            .Build();

        await DatasetWriter.WriteAsync(dataset, _temp.Path);
        var read = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(read.Follows.FolloweeId, Is.EqualTo(new long[] { 1, 1, 1, 2, 2 }));
        Assert.That(read.Follows.FollowerId, Is.EqualTo(new long[] { 4, 2, 3, 3, 1 }));
    }
}
