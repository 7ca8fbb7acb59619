using System.Buffers;
using FollowerAudit.IO.Tests.TestSupport;
using static FollowerAudit.IO.Tests.TestSupport.RawParquet;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    /// <summary>
    /// Parquet.Net 6.1.0 reads a required column into a nullable buffer using pooled, uninitialised definition
    /// levels, so leftover negative ints in the shared pool become spurious nulls (seen on the first load of a
    /// 1M-row file). The reader must not depend on the pool's contents.
    /// </summary>
    [Test]
    public async Task ReadAsync_RequiredIdsAfterPoolHoldsNegativeInts_HasNoSpuriousNulls()
    {
        const int Rows = 5000;
        var ids = Enumerable.Range(1, Rows).Select(i => (long)i).ToArray();
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), RequiredInt64("account_id", ids));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), RequiredInt64("follower_id", ids[1..]), RequiredInt64("followee_id", ids[..^1]));
        PoisonSharedIntPool(Rows);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Rejections, Is.Empty);
        Assert.That(actual.Accounts.Count, Is.EqualTo(Rows));
    }

    private static void PoisonSharedIntPool(int length)
    {
        var rented = Enumerable.Range(0, 16).Select(_ => ArrayPool<int>.Shared.Rent(length)).ToList();
        foreach (var array in rented)
        {
            Array.Fill(array, -1);
            ArrayPool<int>.Shared.Return(array);
        }
    }
}
