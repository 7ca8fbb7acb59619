namespace FollowerAudit.Cli.Infrastructure;

/// <summary>The documented exit codes of <c>followeraudit</c> (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The opt-in <c>--fail-on</c> threshold was met.</summary>
    public const int FailOnThresholdMet = 1;

    /// <summary>Bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>Input unreadable: missing file, not Parquet, schema mismatch, too many rejected rows, or an existing report without --force.</summary>
    public const int BadInput = 3;

    /// <summary>The run finished, but a detector failed (the report says which).</summary>
    public const int DetectorFailed = 4;

    /// <summary>A service (fetch) could not be reached or kept failing after every retry; the checkpoint is kept, so the same command resumes.</summary>
    public const int ServiceUnavailable = 5;

    /// <summary>A bug: internal error.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled with Ctrl+C.</summary>
    public const int Cancelled = 130;
}
