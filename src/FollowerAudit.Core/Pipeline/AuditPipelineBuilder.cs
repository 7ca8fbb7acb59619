namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// Mutable builder of an <see cref="AuditPipeline"/>. Extensions are added with <c>UseXxx()</c> extension methods;
/// <see cref="Build"/> runs their <see cref="IAuditExtension.Setup"/>, validates, and returns an immutable pipeline.
/// </summary>
public sealed class AuditPipelineBuilder
{
    /// <summary>The registered extensions, in order.</summary>
    public IList<IAuditExtension> Extensions { get; } = [];

    /// <summary>Feature extractors (filled by extensions' setup).</summary>
    public IList<IFeatureExtractor> FeatureExtractors { get; } = [];

    /// <summary>Follower scorers (filled by extensions' setup).</summary>
    public IList<IFollowerScorer> Scorers { get; } = [];

    /// <summary>Account-level detectors (filled by extensions' setup).</summary>
    public IList<IDetector> Detectors { get; } = [];

    /// <summary>Dataset-wide detectors (filled by extensions' setup).</summary>
    public IList<IDatasetDetector> DatasetDetectors { get; } = [];

    /// <summary>Run options.</summary>
    public AuditOptions Options { get; set; } = AuditOptions.Default;

    /// <summary>Only detectors whose names are in this set run (all when <see langword="null"/>).</summary>
    public ISet<string>? EnabledDetectors { get; set; }

    /// <summary>Adds an extension, replacing any earlier one of the same type.</summary>
    /// <typeparam name="T">The extension type.</typeparam>
    /// <param name="extension">The extension.</param>
    /// <returns>This builder.</returns>
    public AuditPipelineBuilder ReplaceOrAdd<T>(T extension)
        where T : IAuditExtension
    {
        ArgumentNullException.ThrowIfNull(extension);
        for (var i = 0; i < Extensions.Count; i++)
        {
            if (Extensions[i] is T)
            {
                Extensions[i] = extension;
                return this;
            }
        }

        Extensions.Add(extension);
        return this;
    }

    /// <summary>Runs every extension's setup, validates names and options, and builds the pipeline.</summary>
    /// <returns>An immutable pipeline.</returns>
    /// <exception cref="InvalidOperationException">Options are invalid, two parts share a name, or an unknown detector was enabled.</exception>
    public AuditPipeline Build()
    {
        FeatureExtractors.Clear();
        Scorers.Clear();
        Detectors.Clear();
        DatasetDetectors.Clear();
        foreach (var extension in Extensions)
        {
            extension.Setup(this);
        }

        var problems = Options.Validate().ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in FeatureExtractors.Select(x => x.Name).Concat(Scorers.Select(x => x.Name))
                     .Concat(Detectors.Select(x => x.Name)).Concat(DatasetDetectors.Select(x => x.Name)))
        {
            if (!names.Add(name))
            {
                problems.Add($"two pipeline parts are named '{name}'");
            }
        }

        if (EnabledDetectors is not null)
        {
            var known = Detectors.Select(d => d.Name).Concat(DatasetDetectors.Select(d => d.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var wanted in EnabledDetectors.Where(w => !known.Contains(w)))
            {
                problems.Add($"unknown detector '{wanted}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }
        }

        if (Options.PrimaryScorer is { } primary && Scorers.All(s => s.Name != primary))
        {
            problems.Add($"unknown scorer '{primary}' (known: {string.Join(", ", Scorers.Select(s => s.Name))})");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid audit pipeline: " + string.Join("; ", problems));
        }

        bool Enabled(string name) => EnabledDetectors is null || EnabledDetectors.Contains(name);
        return new AuditPipeline(
            [.. FeatureExtractors],
            [.. Scorers],
            [.. Detectors.Where(d => Enabled(d.Name))],
            [.. DatasetDetectors.Where(d => Enabled(d.Name))],
            Options);
    }
}
