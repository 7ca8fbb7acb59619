using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Lockstep;

/// <summary>Adds the <c>lockstep</c> detector to a pipeline.</summary>
public sealed class LockstepExtension : IAuditExtension
{
    /// <summary>Creates the extension.</summary>
    /// <param name="options">The detector's options.</param>
    public LockstepExtension(LockstepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The detector's options.</summary>
    public LockstepOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = Options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid lockstep options: " + string.Join("; ", problems));
        }

        builder.DatasetDetectors.Add(new LockstepDetector(Options));
    }
}

/// <summary>Builder extension that registers <see cref="LockstepExtension"/>.</summary>
public static class LockstepBuilderExtensions
{
    /// <summary>Adds (or replaces) the <c>lockstep</c> detector.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="LockstepOptions.Default"/>.</param>
    /// <returns>The same builder.</returns>
    public static AuditPipelineBuilder UseLockstep(this AuditPipelineBuilder builder, LockstepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new LockstepExtension(options ?? LockstepOptions.Default));
    }
}
