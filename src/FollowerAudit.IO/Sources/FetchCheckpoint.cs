using System.Text;
using System.Text.Json;

namespace FollowerAudit.IO.Sources;

/// <summary>
/// What a fetch has received so far, on disk, so that an interrupted fetch (Ctrl+C, SIGKILL, a lost network) resumes
/// where it stopped: small state files replaced atomically, and append-only JSON-lines logs of pages.
/// </summary>
/// <remarks>
/// Every page is appended as one line and flushed to disk before the next request; a line cut short by a kill is
/// dropped (and cut from the file) when the checkpoint is read again, so that page is simply fetched again. The
/// folder itself (its place and its marker) is the caller's business; this class only reads and writes the files in
/// it. Not thread-safe.
/// </remarks>
/// <param name="folder">An existing folder.</param>
public sealed class FetchCheckpoint(string folder)
{
    /// <summary>The file naming the fetch the checkpoint belongs to.</summary>
    public const string IdentityFile = "checkpoint.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; } = folder ?? throw new ArgumentNullException(nameof(folder));

    /// <summary>The checkpoint folder for a dataset folder: <c>DATASET.fetch-checkpoint</c>, beside it.</summary>
    /// <param name="datasetFolder">The full path of the dataset folder (--out).</param>
    /// <returns>The full path of the checkpoint folder.</returns>
    public static string PathFor(string datasetFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        return Path.TrimEndingDirectorySeparator(datasetFolder) + ".fetch-checkpoint";
    }

    /// <summary>Reads a state file, or null when absent.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="name">The state's name (file NAME.json).</param>
    /// <returns>The state, or null.</returns>
    /// <exception cref="JsonException">The file is corrupt.</exception>
    public T? ReadState<T>(string name)
        where T : class
    {
        var path = Path.Combine(Folder, name + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path, Encoding.UTF8), Json) : null;
    }

    /// <summary>Writes a state file atomically (temp file, flushed, then renamed over the old one).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="name">The state's name.</param>
    /// <param name="value">The state.</param>
    public void WriteState<T>(string name, T value)
    {
        var path = Path.Combine(Folder, name + ".json");
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Reads a log's complete lines; a last line without its newline (cut by a kill) is dropped and cut from the file.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="name">The log's name (file NAME.jsonl).</param>
    /// <returns>The records, in the order they were appended; empty when the log is absent.</returns>
    /// <exception cref="JsonException">A complete line is corrupt.</exception>
    public IReadOnlyList<T> ReadLog<T>(string name) => [.. EnumerateLog<T>(name)];

    /// <summary>
    /// Streams a log's complete lines, one record in memory at a time (a large fetch's logs are read this way); a last
    /// line without its newline (cut by a kill) is first cut from the file.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="name">The log's name (file NAME.jsonl).</param>
    /// <returns>The records, in the order they were appended; empty when the log is absent.</returns>
    /// <exception cref="JsonException">A complete line is corrupt.</exception>
    public IEnumerable<T> EnumerateLog<T>(string name)
    {
        var path = Path.Combine(Folder, name + ".jsonl");
        if (!File.Exists(path))
        {
            yield break;
        }

        DropCutLine(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1 << 16 });
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize<T>(line, Json) ?? throw new JsonException($"{path}: a null record.");
            }
        }
    }

    /// <summary>Appends one record as a line and flushes it to disk.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="name">The log's name.</param>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels before the write (a started write completes: a page is never half-logged).</param>
    /// <returns>A task.</returns>
    public async Task AppendAsync<T>(string name, T record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var line = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        var stream = new FileStream(Path.Combine(Folder, name + ".jsonl"), FileMode.Append, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[line.Length + 1];
            line.CopyTo(buffer, 0);
            buffer[^1] = (byte)'\n';
            await stream.WriteAsync(buffer, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    // Cuts the file after its last newline, reading backwards from the end in blocks (a page line can be long).
    private static void DropCutLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var buffer = new byte[1 << 16];
        var end = stream.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Position = start;
            stream.ReadExactly(buffer, 0, (int)(end - start));
            var newline = Array.LastIndexOf(buffer, (byte)'\n', (int)(end - start - 1));
            if (newline >= 0)
            {
                end = start + newline + 1;
                break;
            }

            end = start;
        }

        if (end < stream.Length)
        {
            stream.SetLength(end);
        }
    }
}
