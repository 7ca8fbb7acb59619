using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Detectors.CreationBatch;

public sealed class CreationBatchScanTests
{
    // Organic followers along the sign-up diagonal (days since 0001-01-01), with 300 consecutive followers created on
    // one day in the middle; enough followers that each scale has several RowRanges ranges of windows.
    private static (double[] Created, double[] Followed) PlantedBatch(int n, int batchFrom, int batchCount)
    {
        var random = new Random(7);
        var created = new double[n];
        var followed = new double[n];
        for (var i = 0; i < n; i++)
        {
            followed[i] = 16_000 + (3000.0 * i / n);
            created[i] = i >= batchFrom && i < batchFrom + batchCount
                ? 15_000.25 + (random.NextDouble() * 0.5)
                : 14_000 + ((followed[i] - 14_000) * random.NextDouble());
        }

        return (created, followed);
    }

    [Test]
    public void Run_WindowsInSeveralRanges_FindsPlantedBatchTheSameEachTime()
    {
        var (created, followed) = PlantedBatch(200_000, 120_000, 300);
        var scan = new CreationBatchScan(CreationBatchOptions.Default, created, followed);
        Assume.That(scan.WindowCount, Is.GreaterThan(2 * RowRanges.Size));

        var first = scan.Run(CancellationToken.None);
        var second = new CreationBatchScan(CreationBatchOptions.Default, created, followed).Run(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Empty);
            Assert.That(first[0].Members.Count(m => m >= 120_000 && m < 120_300), Is.GreaterThanOrEqualTo(270));
            Assert.That(second.Select(r => r.Members), Is.EqualTo(first.Select(r => r.Members)));
            Assert.That(second.Select(r => r.Log10PValue), Is.EqualTo(first.Select(r => r.Log10PValue)));
        });
    }

    [Test]
    public void Run_Cancelled_ThrowsOperationCanceled()
    {
        var (created, followed) = PlantedBatch(200_000, 120_000, 300);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.That(() => new CreationBatchScan(CreationBatchOptions.Default, created, followed).Run(cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
