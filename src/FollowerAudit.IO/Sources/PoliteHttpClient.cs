using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FollowerAudit.IO.Sources;

/// <summary>A response as the sources read it: the status, the headers they need, and the body as text.</summary>
/// <param name="Uri">The requested address.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (UTF-8 text).</param>
/// <param name="Link">The <c>Link</c> header, or null.</param>
public sealed record FetchResponse(Uri Uri, HttpStatusCode Status, string Body, string? Link)
{
    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// An HTTP GET client that behaves like a good API citizen: it names itself in the User-Agent, spaces requests to the
/// configured rate, waits as long as a <c>429</c>'s <c>Retry-After</c> or an exhausted rate-limit window says
/// (<c>RateLimit-*</c>, <c>X-RateLimit-*</c>, <c>x-rate-limit-*</c> headers), and retries 5xx, timeouts and network
/// errors with exponential backoff. Other 4xx responses are returned to the caller, which knows what they mean.
/// </summary>
/// <remarks>Not thread-safe: one fetch issues one request at a time, which is also what the services ask for.</remarks>
public sealed class PoliteHttpClient : IDisposable
{
    /// <summary>The largest response body accepted, in bytes; a service sending more is treated as broken.</summary>
    public const int MaxBodyBytes = 32 << 20;

    private readonly HttpClient _http;
    private readonly FetchOptions _options;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Identity, rate and retry policy.</param>
    /// <param name="time">The clock used to space requests and wait; <see cref="TimeProvider.System"/> in production.</param>
    /// <param name="handler">The message handler (null: a new <see cref="SocketsHttpHandler"/>); disposed with the client.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PoliteHttpClient(FetchOptions options, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid fetch options: " + string.Join("; ", problems) + ".", nameof(options));
        }

        _options = options;
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxBodyBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Requests sent so far, retries included.</summary>
    public int RequestCount { get; private set; }

    /// <summary>Retries so far (after 429, 5xx, timeouts and network errors).</summary>
    public int RetryCount { get; private set; }

    /// <summary>Gets <paramref name="uri"/>, waiting and retrying as the policy says.</summary>
    /// <param name="uri">An absolute http(s) address.</param>
    /// <param name="cancellationToken">Cancels the request and any wait.</param>
    /// <returns>The first response that is neither a 429 nor a 5xx (a 4xx is returned, not thrown).</returns>
    /// <exception cref="ServiceUnavailableException">Every attempt failed; the message names the address and the last error.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<FetchResponse> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        string lastError = "";
        Exception? lastException = null;
        for (var attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            await WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
            RequestCount++;
            TimeSpan? wait;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.Timeout);
                using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                NoteRateLimit(response.Headers);
                var status = (int)response.StatusCode;
                if (status != 429 && status < 500)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                    var link = response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null;
                    return new FetchResponse(uri, response.StatusCode, Encoding.UTF8.GetString(bytes), link);
                }

                lastError = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}");
                wait = RetryAfter(response.Headers) ?? Backoff(attempt);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = $"no answer within {_options.Timeout.TotalSeconds:0} s";
                lastException = ex;
                wait = Backoff(attempt);
            }
            catch (HttpRequestException ex)
            {
                lastError = ex.Message;
                lastException = ex;
                wait = Backoff(attempt);
            }

            if (attempt < _options.MaxRetries)
            {
                RetryCount++;
                await DelayAsync(wait.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        var message = $"{uri.GetLeftPart(UriPartial.Path)}: the service kept failing ({lastError}) after {_options.MaxRetries} retries. What was fetched is kept; run the same command again later to resume.";
        throw lastException is null ? new ServiceUnavailableException(message) : new ServiceUnavailableException(message, lastException);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var start = _nextSlot > now ? _nextSlot : now;
        if (_pausedUntil > start)
        {
            start = _pausedUntil;
        }

        if (_options.RequestsPerSecond > 0)
        {
            _nextSlot = start + TimeSpan.FromSeconds(1.0 / _options.RequestsPerSecond);
        }

        if (start > now)
        {
            await DelayAsync(start - now, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var capped = wait > _options.MaxWait ? _options.MaxWait : wait;
        return capped <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(capped, _time, cancellationToken);
    }

    private TimeSpan Backoff(int attempt) => _options.Backoff * Math.Pow(2, Math.Min(attempt, 10));

    private TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } retry)
        {
            if (retry.Delta is { } delta)
            {
                return delta;
            }

            if (retry.Date is { } date)
            {
                return date - _time.GetUtcNow();
            }
        }

        return ResetTime(headers) is { } reset ? reset - _time.GetUtcNow() : null;
    }

    // When a service says its window is used up, the next request waits for the window's reset instead of being refused.
    private void NoteRateLimit(HttpResponseHeaders headers)
    {
        var remaining = Header(headers, "RateLimit-Remaining", "X-RateLimit-Remaining", "x-rate-limit-remaining");
        if (remaining is not null && long.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left) && left <= 0
            && ResetTime(headers) is { } reset)
        {
            var latest = _time.GetUtcNow() + _options.MaxWait;
            _pausedUntil = reset < latest ? reset : latest;
        }
    }

    // RateLimit-Reset is Unix seconds on Bluesky and the X API, an ISO-8601 time on Mastodon; a small number is a delay in seconds
    // (the IETF RateLimit draft).
    private DateTimeOffset? ResetTime(HttpResponseHeaders headers)
    {
        var value = Header(headers, "RateLimit-Reset", "X-RateLimit-Reset", "x-rate-limit-reset");
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(number) : _time.GetUtcNow().AddSeconds(Math.Max(0, number));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private static string? Header(HttpResponseHeaders headers, params string[] names)
    {
        foreach (var name in names)
        {
            if (headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault()?.Trim();
            }
        }

        return null;
    }
}
