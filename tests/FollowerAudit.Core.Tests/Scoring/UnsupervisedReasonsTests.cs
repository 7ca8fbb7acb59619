using System.Globalization;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class UnsupervisedReasonsTests
{
    [Test]
    public void Deviations_RandomRowsWithTiesAndNaN_SameAsOrderingAllFeatures()
    {
        var random = new Random(9);
        // "b" copies "d": same median and scale, so equal values tie on |z| and the name decides.
        string[] names = ["d", "a", "c", "b", "e"];
        var reference = Enumerable.Range(0, 300).Select(_ =>
        {
            var x = random.NextDouble() * 10;
            return new[] { x, random.NextDouble() * 4, random.NextDouble(), x, random.NextDouble() * 100 };
        }).ToArray();
        var model = ReferenceModel.Fit(names, reference, seed: 1);

        for (var k = 0; k < 2000; k++)
        {
            var tie = (random.NextDouble() - 0.5) * 80;
            double[] row =
            [
                tie, (random.NextDouble() - 0.5) * 40, random.Next(10) == 0 ? double.NaN : (random.NextDouble() - 0.5) * 20,
                tie, (random.NextDouble() - 0.5) * 2000,
            ];

            Assert.That(UnsupervisedReasons.Deviations(model, row), Is.EqualTo(Expected(model, row)), $"row {k}");
        }
    }

    // The definition: features with |z| ≥ 2, largest |z| first, ties by name, the first three.
    private static string[] Expected(ReferenceModel model, double[] row) =>
        [.. Enumerable.Range(0, row.Length)
            .Select(j => (Name: model.Names[j], Z: (row[j] - model.Medians[j]) / model.Scales[j]))
            .Where(x => Math.Abs(x.Z) >= 2)
            .OrderByDescending(x => Math.Abs(x.Z)).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Name} {(x.Z > 0 ? "far above" : "far below")} genuine accounts (z = {x.Z:0.0})"))];
}
