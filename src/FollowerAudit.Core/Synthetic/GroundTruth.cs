using System.Text.Json;
using System.Text.Json.Serialization;

namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// What really happened in a synthetic world: which audited accounts bought followers, from which vendor, when, and
/// which accounts were delivered. Detectors are scored against it. Immutable; lists are in a stable order
/// (audited accounts by handle, purchases by delivery start, ids ascending), so <see cref="ToJson"/> is deterministic.
/// </summary>
/// <param name="Seed">The seed the world was generated from.</param>
/// <param name="ReferenceTime">The world's "now" (UTC).</param>
/// <param name="AuditedAccounts">Every audited account, bought or clean.</param>
/// <param name="Purchases">Every purchase, including engagement pods.</param>
/// <param name="Pods">Every engagement pod.</param>
/// <param name="OrganicBursts">Genuine follower bursts after viral posts: real growth that is not a purchase.</param>
/// <param name="UnsoldFakeIds">
/// Fake accounts in the data that follow no audited account: a shared pool's stock that no customer in this world
/// received (they still follow popular accounts), ascending. Labelled fake like the delivered ones.
/// </param>
public sealed record GroundTruth(
    int Seed,
    DateTime ReferenceTime,
    IReadOnlyList<AuditedAccountTruth> AuditedAccounts,
    IReadOnlyList<PurchaseTruth> Purchases,
    IReadOnlyList<PodTruth> Pods,
    IReadOnlyList<OrganicBurstTruth> OrganicBursts,
    IReadOnlyList<long> UnsoldFakeIds)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter<VendorKind>(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The ids of all fake accounts: bought followers, pod members and <see cref="UnsoldFakeIds"/>.</summary>
    /// <returns>A new set.</returns>
    public IReadOnlySet<long> FakeAccountIds()
    {
        var ids = new HashSet<long>(UnsoldFakeIds);
        foreach (var purchase in Purchases)
        {
            ids.UnionWith(purchase.FollowerIds);
        }

        return ids;
    }

    /// <summary>
    /// The vendor kind of every delivered fake (pod members included), in snake_case as in the JSON: the groups a
    /// classifier's sensitivity is measured per (<c>followeraudit train --truth</c>). Unsold fakes have no vendor here.
    /// </summary>
    /// <returns>A new map from account id to vendor kind.</returns>
    public IReadOnlyDictionary<long, string> VendorOfFakes()
    {
        var vendors = new Dictionary<long, string>();
        foreach (var purchase in Purchases)
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(purchase.Vendor.ToString());
            foreach (var id in purchase.FollowerIds)
            {
                vendors[id] = name;
            }
        }

        return vendors;
    }

    /// <summary>Serialises the truth as indented JSON with snake_case names and ISO 8601 UTC times.</summary>
    /// <returns>The JSON text; identical for identical truths.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a truth written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The truth.</returns>
    /// <exception cref="JsonException">The text is not a ground-truth document.</exception>
    public static GroundTruth FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<GroundTruth>(json, JsonOptions)
            ?? throw new JsonException("ground truth JSON is 'null'; expected an object written by GroundTruth.ToJson().");
    }
}

/// <summary>The truth about one audited account.</summary>
/// <param name="AccountId">The account id.</param>
/// <param name="Handle">The handle, e.g. <c>influencer_01</c>.</param>
/// <param name="Bought">Whether it bought any followers or engagement.</param>
/// <param name="GenuineFollowers">Genuine followers in the data.</param>
/// <param name="FakeFollowers">Bought followers (and pod members) in the data.</param>
public sealed record AuditedAccountTruth(long AccountId, string Handle, bool Bought, int GenuineFollowers, int FakeFollowers);

/// <summary>One purchase of followers (or an engagement pod) by an audited account.</summary>
/// <param name="AccountId">The buyer.</param>
/// <param name="Vendor">The kind of vendor.</param>
/// <param name="DeliveryStart">First follow of the delivery (UTC).</param>
/// <param name="DeliveryEnd">Last follow of the delivery (UTC); every delivered follow lies in [start, end].</param>
/// <param name="CreatedFrom">Earliest creation time of the delivered accounts (UTC).</param>
/// <param name="CreatedTo">Latest creation time of the delivered accounts (UTC).</param>
/// <param name="CreationWindows">The narrow windows the vendor created its accounts in; every account was created in one.</param>
/// <param name="SharedPool">Id of the fake pool shared with other buyers, or <see langword="null"/> when the accounts were made for this buyer only.</param>
/// <param name="FollowerIds">The delivered accounts, ascending.</param>
public sealed record PurchaseTruth(
    long AccountId,
    VendorKind Vendor,
    DateTime DeliveryStart,
    DateTime DeliveryEnd,
    DateTime CreatedFrom,
    DateTime CreatedTo,
    IReadOnlyList<CreationWindow> CreationWindows,
    int? SharedPool,
    IReadOnlyList<long> FollowerIds);

/// <summary>A time window in which a vendor created accounts.</summary>
/// <param name="Start">Start (UTC, inclusive).</param>
/// <param name="End">End (UTC, inclusive).</param>
public sealed record CreationWindow(DateTime Start, DateTime End);

/// <summary>An engagement pod: members who like and reply to the buyer's posts and to each other's.</summary>
/// <param name="AccountId">The buyer whose posts the pod inflates.</param>
/// <param name="JoinedAt">When the pod started engaging with the buyer (UTC); posts before it have no pod engagement.</param>
/// <param name="MemberIds">The pod members, ascending.</param>
public sealed record PodTruth(long AccountId, DateTime JoinedAt, IReadOnlyList<long> MemberIds);

/// <summary>An organic burst: genuine people following an account within days of one of its posts going viral.</summary>
/// <param name="AccountId">The audited account.</param>
/// <param name="PostedAt">When the viral post was published (UTC); the burst follows within days.</param>
/// <param name="Followers">Genuine followers who followed because of it.</param>
public sealed record OrganicBurstTruth(long AccountId, DateTime PostedAt, int Followers);
