using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.IO;
using FollowerAudit.Testing;

namespace FollowerAudit.Cluster.Tests;

/// <summary>
/// A silo's slices (<see cref="DatasetRootSliceSource"/>): picked from the accounts table it keeps per dataset, read
/// ahead, or read from the files when the table is over the memory budget — always the slice a full read gives.
/// </summary>
[TestFixture]
public sealed class SliceSourceTests
{
    private const string Name = "world";
    private static readonly DatasetReadOptions ReadOptions = new() { Clock = TimeProvider.System };

    [Test]
    public async Task GetSliceAsync_CachedOrOverBudget_SameSlicesAsTheFullRead()
    {
        var root = TestTemp.NewFolder("slices");
        var (world, dataset) = await WriteAsync(root, seed: 3);
        var cached = new DatasetRootSliceSource(root);
        var overBudget = new DatasetRootSliceSource(root, cacheBudgetBytes: 1);
        await cached.PrepareAsync(dataset, CancellationToken.None);
        await overBudget.PrepareAsync(dataset, CancellationToken.None);

        Assert.That(await cached.IsCachedAsync(dataset), Is.True);
        Assert.That(await overBudget.IsCachedAsync(dataset), Is.False);
        var full = await DatasetReader.ReadAsync(Path.Combine(root, Name), ReadOptions);
        foreach (var audited in world.Truth.AuditedAccounts)
        {
            full.Accounts.TryGetRow(audited.AccountId, out var row);
            foreach (var sample in new int?[] { null, 30 })
            {
                var expected = AccountSlice.Create(full, row, sample, seed: 11);
                SliceAssert.Same(await cached.GetSliceAsync(dataset, audited.AccountId, sample, 11, CancellationToken.None), expected, $"cached, {audited.Handle}, sample {sample}");
                SliceAssert.Same(await overBudget.GetSliceAsync(dataset, audited.AccountId, sample, 11, CancellationToken.None), expected, $"over budget, {audited.Handle}, sample {sample}");
            }
        }
    }

    [Test]
    public async Task Prefetch_ThenGetSlice_TheSliceCutAheadIsTakenOnceAndOnlyForItsOptions()
    {
        var root = TestTemp.NewFolder("slices");
        var (world, dataset) = await WriteAsync(root, seed: 4);
        var source = new DatasetRootSliceSource(root);
        var full = await DatasetReader.ReadAsync(Path.Combine(root, Name), ReadOptions);
        var byFollowers = world.Truth.AuditedAccounts.Select(a => full.Accounts.TryGetRow(a.AccountId, out var r) ? (a.AccountId, Row: r) : throw new InvalidOperationException())
            .OrderByDescending(a => full.FollowerIndex.FollowerCount(a.Row)).ToList();
        var (largest, row) = byFollowers[0];
        var (other, otherRow) = byFollowers[1];

        source.Prefetch(dataset, largest, null, 0);
        source.Prefetch(dataset, other, 25, 2);
        source.Prefetch(dataset with { ReferenceTime = null }, byFollowers[2].AccountId, null, 0); // no reference time: not cut
        var first = await source.GetSliceAsync(dataset, largest, null, 0, CancellationToken.None);
        var again = await source.GetSliceAsync(dataset, largest, 25, 2, CancellationToken.None);
        var otherSeed = await source.GetSliceAsync(dataset, other, 25, 3, CancellationToken.None);

        SliceAssert.Same(first, AccountSlice.Create(full, row), "cut ahead");
        SliceAssert.Same(again, AccountSlice.Create(full, row, 25, seed: 2), "cut again, sampled");
        SliceAssert.Same(otherSeed, AccountSlice.Create(full, otherRow, 25, seed: 3), "cut ahead with another seed: cut again");
    }

    [Test]
    public async Task GetSliceAsync_DatasetRewritten_NewHashDropsTheCachedTableAndReadsTheNewContent()
    {
        var root = TestTemp.NewFolder("slices");
        var (_, before) = await WriteAsync(root, seed: 3);
        var source = new DatasetRootSliceSource(root);
        await source.PrepareAsync(before, CancellationToken.None);

        // Another world under the same folder name: another content hash, other followers for the same account ids.
        Directory.Delete(Path.Combine(root, Name), recursive: true);
        var (world, after) = await WriteAsync(root, seed: 9);
        Assert.That(after.Sha256, Is.Not.EqualTo(before.Sha256));
        var full = await DatasetReader.ReadAsync(Path.Combine(root, Name), ReadOptions);
        foreach (var audited in world.Truth.AuditedAccounts.Take(4))
        {
            full.Accounts.TryGetRow(audited.AccountId, out var row);
            SliceAssert.Same(await source.GetSliceAsync(after, audited.AccountId, null, 0, CancellationToken.None), AccountSlice.Create(full, row), audited.Handle);
        }

        Assert.That(await source.IsCachedAsync(after), Is.True);
        Assert.That(
            async () => await source.GetSliceAsync(before, world.Truth.AuditedAccounts[0].AccountId, null, 0, CancellationToken.None),
            Throws.InstanceOf<InputDataException>().With.Message.Contains("differs from the client's"));
    }

    private static async Task<(SyntheticWorld World, DatasetRef Dataset)> WriteAsync(string root, int seed)
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = seed });
        var folder = Path.Combine(root, Name);

        // Small row groups: most of a slice's row groups are skipped by their statistics.
        await DatasetWriter.WriteAsync(world.Dataset, folder, maxRowGroupRows: 2_000);
        var full = await DatasetReader.ReadAsync(folder, ReadOptions);
        return (world, new DatasetRef(Name, DatasetHashes.Combined(DatasetHashes.Compute(folder)), full.ReferenceTime));
    }
}
