using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.CreationBatch;

/// <summary>Adds the <c>creation-batch</c> detector to a pipeline.</summary>
public sealed class CreationBatchExtension : IAuditExtension
{
    /// <summary>Creates the extension.</summary>
    /// <param name="options">The detector's options.</param>
    public CreationBatchExtension(CreationBatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The detector's options.</summary>
    public CreationBatchOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = Options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid creation-batch options: " + string.Join("; ", problems));
        }

        builder.Detectors.Add(new CreationBatchDetector(Options));
    }
}

/// <summary>Builder extension that registers <see cref="CreationBatchExtension"/>.</summary>
public static class CreationBatchBuilderExtensions
{
    /// <summary>Adds (or replaces) the <c>creation-batch</c> detector.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="CreationBatchOptions.Default"/>.</param>
    /// <returns>The same builder.</returns>
    public static AuditPipelineBuilder UseCreationBatches(this AuditPipelineBuilder builder, CreationBatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new CreationBatchExtension(options ?? CreationBatchOptions.Default));
    }
}
