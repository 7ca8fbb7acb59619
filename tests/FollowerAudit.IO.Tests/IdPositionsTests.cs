using FollowerAudit.IO.Reading;

namespace FollowerAudit.IO.Tests;

public sealed class IdPositionsTests
{
    [Test]
    public void Find_ShuffledIds_EveryIdAtItsPlaceAndUnknownIdsMissing()
    {
        var random = new Random(17);
        var ids = Enumerable.Range(0, 5_000).Select(_ => random.NextInt64(-1_000_000_000_000, 1_000_000_000_000)).Distinct().ToArray();
        var known = ids.ToHashSet();

        var lookup = IdPositions.Of(ids);

        Assert.That(lookup.Repeated, Is.Null);
        Assert.That(lookup.Count, Is.EqualTo(ids.Length));
        Assert.That((lookup.Min, lookup.Max), Is.EqualTo((ids.Min(), ids.Max())));

        // Looked up in list order, in ascending order (the forward sweep) and in random order, with misses between.
        var finger = default(IdPositions.Finger);
        foreach (var order in new[] { ids, ids.Order().ToArray(), ids.OrderBy(_ => random.Next()).ToArray() })
        {
            foreach (var id in order)
            {
                var slot = lookup.Find(id, ref finger);
                Assert.That(slot, Is.GreaterThanOrEqualTo(0), $"id {id}");
                Assert.That(lookup.Id(slot), Is.EqualTo(id));
                Assert.That(ids[lookup.Position(slot)], Is.EqualTo(id));
                if (!known.Contains(id + 1))
                {
                    Assert.That(lookup.Find(id + 1, ref finger), Is.EqualTo(-1), $"id {id + 1} is not in the list");
                }
            }
        }

        Assert.That(lookup.Find(long.MinValue, ref finger), Is.EqualTo(-1));
        Assert.That(lookup.Find(long.MaxValue, ref finger), Is.EqualTo(-1));
    }

    [Test]
    public void Of_RepeatedIds_NamesTheFirstRepeatInListOrderAndKeepsTheFirstPlace()
    {
        var lookup = IdPositions.Of([50, 30, 90, 30, 50, 50]);

        var finger = default(IdPositions.Finger);
        Assert.That(lookup.Repeated, Is.EqualTo(30), "30 repeats at place 3, before 50 repeats at place 4");
        Assert.That(lookup.Count, Is.EqualTo(3));
        Assert.That(lookup.ListCount, Is.EqualTo(6));
        Assert.That(lookup.Position(lookup.Find(50, ref finger)), Is.EqualTo(0));
        Assert.That(lookup.Position(lookup.Find(30, ref finger)), Is.EqualTo(1));
        Assert.That(lookup.Position(lookup.Find(90, ref finger)), Is.EqualTo(2));
    }

    [Test]
    public void Of_AscendingOrEmpty_NoRepeatAndLookupsWork()
    {
        var ascending = IdPositions.Of([1, 2, 3, 10]);
        var empty = IdPositions.Of([]);

        var finger = default(IdPositions.Finger);
        Assert.That(ascending.Repeated, Is.Null);
        Assert.That(ascending.Find(10, ref finger), Is.EqualTo(3));
        Assert.That(ascending.Find(1, ref finger), Is.EqualTo(0), "a lookup below the finger searches the whole list");
        Assert.That(ascending.Find(4, ref finger), Is.EqualTo(-1));
        Assert.That(empty.Count, Is.Zero);
        Assert.That(empty.Find(1, ref finger), Is.EqualTo(-1));
    }
}
