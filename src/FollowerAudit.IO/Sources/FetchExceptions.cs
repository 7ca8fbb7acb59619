namespace FollowerAudit.IO.Sources;

/// <summary>
/// A service could not be reached or kept failing (network errors, timeouts, 5xx or 429 after every retry). What was
/// fetched so far is kept in the checkpoint: the same command resumes. The CLI maps this to exit code 5.
/// </summary>
public sealed class ServiceUnavailableException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    /// <param name="innerException">The last error.</param>
    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message (prefer the other constructors).</summary>
    public ServiceUnavailableException()
    {
    }
}
