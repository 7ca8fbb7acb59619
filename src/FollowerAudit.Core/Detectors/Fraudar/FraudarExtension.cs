using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>Adds the <c>fraudar</c> detector to a pipeline.</summary>
public sealed class FraudarExtension : IAuditExtension
{
    /// <summary>Creates the extension.</summary>
    /// <param name="options">The detector's options.</param>
    public FraudarExtension(FraudarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The detector's options.</summary>
    public FraudarOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = Options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid fraudar options: " + string.Join("; ", problems));
        }

        builder.DatasetDetectors.Add(new FraudarDetector(Options));
    }
}

/// <summary>Builder extension that registers <see cref="FraudarExtension"/>.</summary>
public static class FraudarBuilderExtensions
{
    /// <summary>Adds (or replaces) the <c>fraudar</c> detector.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="FraudarOptions.Default"/>.</param>
    /// <returns>The same builder.</returns>
    public static AuditPipelineBuilder UseFraudar(this AuditPipelineBuilder builder, FraudarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new FraudarExtension(options ?? FraudarOptions.Default));
    }
}
