using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Synthetic;

public sealed class GroundTruthTests
{
    [Test]
    public void ToJson_RoundTrip_GivesIdenticalJsonAndValues()
    {
        var truth = SyntheticFollowers.World().Truth;

        var json = truth.ToJson();
        var back = GroundTruth.FromJson(json);

        Assert.That(back.ToJson(), Is.EqualTo(json));
        Assert.That(back.Purchases.Select(p => p.FollowerIds.Count), Is.EqualTo(truth.Purchases.Select(p => p.FollowerIds.Count)));
        Assert.That(back.ReferenceTime.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(back.Purchases[0].DeliveryStart, Is.EqualTo(truth.Purchases[0].DeliveryStart));
    }

    [Test]
    public void ToJson_UsesSnakeCaseAndVendorNames()
    {
        var json = SyntheticFollowers.World().Truth.ToJson();

        Assert.That(json, Does.Contain("\"follower_ids\"").And.Contain("\"engagement_pod\"").And.Contain("\"reference_time\": \"2025-06-01T00:00:00Z\""));
    }

    [Test]
    public void FromJson_Null_Throws()
    {
        Assert.That(() => GroundTruth.FromJson("null"), Throws.InstanceOf<System.Text.Json.JsonException>());
    }
}
