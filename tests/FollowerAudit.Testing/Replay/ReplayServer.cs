using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FollowerAudit.Testing.Replay;

/// <summary>One request as the replay server saw it.</summary>
/// <param name="Method">GET, …</param>
/// <param name="PathAndQuery">The request target, e.g. <c>/xrpc/app.bsky.graph.getFollowers?actor=x</c>.</param>
/// <param name="Headers">Request headers (names lower-case).</param>
public sealed record ReplayRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The path without the query.</summary>
    public string Path => PathAndQuery.Split('?')[0];

    /// <summary>Every value of a query parameter, unescaped.</summary>
    public IReadOnlyList<string> Query(string name)
    {
        var query = PathAndQuery.Contains('?', StringComparison.Ordinal) ? PathAndQuery[(PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        return [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == name)
            .Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "")];
    }

    /// <summary>The first value of a query parameter, or null.</summary>
    public string? One(string name) => Query(name) is [var first, ..] ? first : null;
}

/// <summary>A response to send.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (UTF-8).</param>
/// <param name="Headers">Extra headers, e.g. Link or Retry-After.</param>
public sealed record ReplayResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ReplayResponse Json(string body, IReadOnlyDictionary<string, string>? headers = null) => new(200, body, headers);
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port (port 0), for replaying an API's responses in tests: keep-alive,
/// GET only, one handler deciding every response. Never reaches the network beyond the loopback interface.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ReplayRequest, ReplayResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<ReplayRequest> _requests = [];
    private readonly Lock _lock = new();

    public ReplayServer(Func<ReplayRequest, ReplayResponse> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}"));
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Whether to record every request (off for throughput measurements).</summary>
    public bool Record { get; set; } = true;

    /// <summary>Requests served so far.</summary>
    public int RequestCount => Volatile.Read(ref _count);

    private int _count;

    /// <summary>The recorded requests, in arrival order.</summary>
    public IReadOnlyList<ReplayRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, false, 8192, leaveOpen: true);
                while (!_stop.IsCancellationRequested)
                {
                    var line = await reader.ReadLineAsync(_stop.Token);
                    if (string.IsNullOrEmpty(line))
                    {
                        return;
                    }

                    var parts = line.Split(' ');
                    var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                    string? header;
                    while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync(_stop.Token)))
                    {
                        var colon = header.IndexOf(':', StringComparison.Ordinal);
                        headers[header[..colon].Trim().ToLowerInvariant()] = header[(colon + 1)..].Trim();
                    }

                    var request = new ReplayRequest(parts[0], parts[1], headers);
                    Interlocked.Increment(ref _count);
                    if (Record)
                    {
                        lock (_lock)
                        {
                            _requests.Add(request);
                        }
                    }

                    ReplayResponse response;
                    try
                    {
                        response = _handler(request);
                    }
                    catch (Exception ex)
                    {
                        response = new ReplayResponse(500, "replay handler failed: " + ex.Message);
                    }

                    var body = Encoding.UTF8.GetBytes(response.Body);
                    var head = new StringBuilder();
                    head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
                    head.Append("Content-Type: application/json; charset=utf-8\r\n");
                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                    foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
                    {
                        head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                    }

                    head.Append("\r\n");
                    // One write per response: a header and a body sent apart meet Nagle and delayed ACKs (40 ms a request).
                    await stream.WriteAsync((byte[])[.. Encoding.ASCII.GetBytes(head.ToString()), .. body], _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away, or the server stops.
            }
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
