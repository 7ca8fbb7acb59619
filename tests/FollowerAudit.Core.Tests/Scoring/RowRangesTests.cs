using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class RowRangesTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(RowRanges.Size)]
    [TestCase((3 * RowRanges.Size) + 17)]
    public void For_AnyCount_EveryRowOnceInFixedRanges(int count)
    {
        var visits = new int[count];
        var ranges = new System.Collections.Concurrent.ConcurrentBag<(int Start, int End)>();

        RowRanges.For(count, (start, end) =>
        {
            ranges.Add((start, end));
            for (var i = start; i < end; i++)
            {
                Interlocked.Increment(ref visits[i]);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(visits, Is.All.EqualTo(1));
            Assert.That(ranges.Where(r => r.End > r.Start).Select(r => r.Start).Order(),
                Is.EqualTo(Enumerable.Range(0, RowRanges.Count(count)).Select(r => r * RowRanges.Size)));
        });
    }

    [Test]
    public void For_ItemsTimesRows_EveryCellOnce()
    {
        const int Items = 5;
        var count = (2 * RowRanges.Size) + 3;
        var visits = new int[Items, count];

        RowRanges.For(Items, count, (item, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                Interlocked.Increment(ref visits[item, i]);
            }
        });

        Assert.That(visits.Cast<int>(), Is.All.EqualTo(1));
    }

    [Test]
    public void For_BodyCancelled_ThrowsOperationCanceledNotAggregate()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.That(() => RowRanges.For(4 * RowRanges.Size, (_, _) => cancel.Token.ThrowIfCancellationRequested()),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
