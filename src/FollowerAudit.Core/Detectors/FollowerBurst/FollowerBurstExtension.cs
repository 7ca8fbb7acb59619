using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.FollowerBurst;

/// <summary>Adds the <c>follower-burst</c> detector to a pipeline.</summary>
public sealed class FollowerBurstExtension : IAuditExtension
{
    /// <summary>Creates the extension.</summary>
    /// <param name="options">The detector's options.</param>
    public FollowerBurstExtension(FollowerBurstOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The detector's options.</summary>
    public FollowerBurstOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = Options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid follower-burst options: " + string.Join("; ", problems));
        }

        builder.Detectors.Add(new FollowerBurstDetector(Options));
    }
}

/// <summary>Builder extension that registers <see cref="FollowerBurstExtension"/>.</summary>
public static class FollowerBurstBuilderExtensions
{
    /// <summary>Adds (or replaces) the <c>follower-burst</c> detector.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="FollowerBurstOptions.Default"/>.</param>
    /// <returns>The same builder.</returns>
    public static AuditPipelineBuilder UseFollowerBursts(this AuditPipelineBuilder builder, FollowerBurstOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new FollowerBurstExtension(options ?? FollowerBurstOptions.Default));
    }
}
