namespace FollowerAudit.IO.Sources;

/// <summary>How politely a fetch talks to a service: its identity, request rate, retries and waits. Immutable.</summary>
public sealed record FetchOptions
{
    /// <summary>The default number of retries of one request after a 429, a 5xx, a timeout or a network error.</summary>
    public const int DefaultMaxRetries = 6;

    /// <summary>The default first backoff after a 5xx or network error; doubled on each retry.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(2);

    /// <summary>The default longest single wait (Retry-After or a rate-limit reset); a longer one is cut to this and retried.</summary>
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromMinutes(15);

    /// <summary>The default time one request may take before it counts as a timeout and is retried.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The User-Agent header sent with every request: the tool, its version and where to read about it.</summary>
    public required string UserAgent { get; init; }

    /// <summary>Requests per second, at most (request starts are spaced by 1/rate); 0 or less means no limit.</summary>
    public double RequestsPerSecond { get; init; } = 1;

    /// <summary>Retries of one request after a 429, a 5xx, a timeout or a network error, before giving up.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>The first backoff after a 5xx or network error; doubled on each retry.</summary>
    public TimeSpan Backoff { get; init; } = DefaultBackoff;

    /// <summary>The longest single wait for a Retry-After or rate-limit reset.</summary>
    public TimeSpan MaxWait { get; init; } = DefaultMaxWait;

    /// <summary>The time one request may take.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The problems with these options, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            yield return "the User-Agent must name the tool";
        }

        if (double.IsNaN(RequestsPerSecond) || double.IsInfinity(RequestsPerSecond))
        {
            yield return "the request rate must be a finite number";
        }

        if (MaxRetries < 0)
        {
            yield return "the number of retries must be 0 or more";
        }

        if (Backoff < TimeSpan.Zero || MaxWait < TimeSpan.Zero || Timeout <= TimeSpan.Zero)
        {
            yield return "backoff and waits must not be negative, and the timeout must be positive";
        }
    }
}
