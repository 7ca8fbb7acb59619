using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cluster;

/// <summary>
/// How audits and their inputs travel between the client and the silos: System.Text.Json, gzip-compressed. Every
/// double (NaN and infinities included) and every <see cref="DateTime"/> (with its kind) round-trips exactly, so a
/// report written from a deserialised audit is byte-identical to one written from the original.
/// </summary>
/// <remarks>
/// Properties without a setter (computed, such as <see cref="AccountAudit.Findings"/>) are not written: they are
/// recomputed on the other side. <see cref="AccountSlice.Population"/> (every account of the dataset) is never sent:
/// only the verdict reads it, and the verdict travels decided.
/// </remarks>
public static class AuditJson
{
    /// <summary>The serializer options (shared, immutable once used).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises an account's audit.</summary>
    /// <param name="audit">The audit.</param>
    /// <returns>Compressed JSON.</returns>
    public static byte[] Serialize(AccountAudit audit) => Pack(audit);

    /// <summary>Reads an account's audit written by <see cref="Serialize(AccountAudit)"/>.</summary>
    /// <param name="bytes">Compressed JSON.</param>
    /// <returns>The audit, with its verdict as decided where it was audited.</returns>
    public static AccountAudit DeserializeAudit(byte[] bytes) => Relink(Unpack<AccountAudit>(bytes));

    /// <summary>Serialises an account's summary (sent instead of its audit when a silo wrote its report folder).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>Compressed JSON.</returns>
    public static byte[] Serialize(AccountSummary summary) => Pack(summary);

    /// <summary>Reads an account's summary written by <see cref="Serialize(AccountSummary)"/>.</summary>
    /// <param name="bytes">Compressed JSON.</param>
    /// <returns>The summary.</returns>
    public static AccountSummary DeserializeSummary(byte[] bytes) => Unpack<AccountSummary>(bytes);

    /// <summary>Serialises what every account page of a run shows.</summary>
    /// <param name="page">The page options.</param>
    /// <returns>Compressed JSON.</returns>
    public static byte[] Serialize(AccountPage page) => Pack(page);

    /// <summary>Reads page options written by <see cref="Serialize(AccountPage)"/>.</summary>
    /// <param name="bytes">Compressed JSON.</param>
    /// <returns>The page options.</returns>
    public static AccountPage DeserializePage(byte[] bytes) => Unpack<AccountPage>(bytes);

    /// <summary>Serialises the dataset-wide detector results that concern one account.</summary>
    /// <param name="results">The results.</param>
    /// <returns>Compressed JSON.</returns>
    public static byte[] Serialize(IReadOnlyList<DatasetDetectorResult> results) => Pack(results);

    /// <summary>Reads dataset-wide detector results written by <see cref="Serialize(IReadOnlyList{DatasetDetectorResult})"/>.</summary>
    /// <param name="bytes">Compressed JSON.</param>
    /// <returns>The results.</returns>
    public static IReadOnlyList<DatasetDetectorResult> DeserializeDatasetResults(byte[] bytes) => Unpack<List<DatasetDetectorResult>>(bytes);

    /// <summary>
    /// The verdict's evidence is some of the detectors' findings, and the reports tell findings apart by reference
    /// (evidence is not listed twice; a finding is not "the same followers as" itself). JSON gives the verdict its own
    /// copies, so each is replaced by the detector's finding with the same content.
    /// </summary>
    private static AccountAudit Relink(AccountAudit audit)
    {
        var byContent = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var finding in audit.DetectorResults.SelectMany(r => r.Findings))
        {
            byContent.TryAdd(JsonSerializer.Serialize(finding, Options), finding);
        }

        var evidence = audit.Verdict.Evidence.Select(e => byContent.GetValueOrDefault(JsonSerializer.Serialize(e, Options)) ?? e).ToList();
        return audit with { Verdict = audit.Verdict with { Evidence = evidence } };
    }

    private static byte[] Pack<T>(T value)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(zip, value, Options);
        }

        return buffer.ToArray();
    }

    private static T Unpack<T>(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var zip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<T>(zip, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            // NaN and ±Infinity appear in estimates and metrics; value tuples (e.g. sensitivity ranges) are fields.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            IncludeFields = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipComputedAndShared } },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void SkipComputedAndShared(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            var isField = property.AttributeProvider is System.Reflection.FieldInfo;
            if ((property.Set is null && !isField && !IsConstructorParameter(info, property)) || property.PropertyType == typeof(CreationPopulation))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private static bool IsConstructorParameter(JsonTypeInfo info, JsonPropertyInfo property) =>
        info.Type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)));
}
