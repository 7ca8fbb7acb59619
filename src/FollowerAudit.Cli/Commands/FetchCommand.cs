using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.IO.Sources;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments shared by the fetch commands.</summary>
internal abstract class FetchSettings : CommandSettings
{
    // Declared by each platform's settings: an argument on the branch's settings would be read before the platform.
    public abstract string Account { get; init; }

    [CommandOption("-o|--out <DATASET>")]
    [Description("Dataset folder to write (Parquet, see 'followeraudit schema'). Until the fetch completes, what was received is kept beside it in DATASET.fetch-checkpoint, and the same command resumes from there.")]
    public string Out { get; init; } = "";

    [CommandOption("--max-followers <N>")]
    [Description("Fetch at most the N newest followers. Default: all.")]
    public long? MaxFollowers { get; init; }

    [CommandOption("--posts <N>")]
    [Description("Fetch the account's N most recent posts with their like, reply and repost counts (0: none).")]
    [DefaultValue(100)]
    public int Posts { get; init; } = 100;

    [CommandOption("--service <URL>")]
    [Description("The API's base address, instead of the platform's public one.")]
    public string? Service { get; init; }

    [CommandOption("--rate <PER_SECOND>")]
    [Description("Requests per second at most (0: no limit; be polite). Default: the platform's documented limit, halved.")]
    public double? Rate { get; init; }

    [CommandOption("--contact <CONTACT>")]
    [Description("How the service's operator can reach you (an e-mail address or a URL you own), sent in the User-Agent. Default: the FOLLOWERAUDIT_CONTACT environment variable, else none (the User-Agent then names only the tool and its version).")]
    public string? Contact { get; init; }

    [CommandOption("--force")]
    [Description("Replace a dataset folder an earlier 'fetch', 'import' or 'generate' wrote, and discard a checkpoint left by a fetch of another account.")]
    public bool Force { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required: the dataset folder to write.");
        }

        if (string.IsNullOrWhiteSpace(Account))
        {
            return ValidationResult.Error("name the account to fetch.");
        }

        if (MaxFollowers is < 1)
        {
            return ValidationResult.Error($"--max-followers must be at least 1 (got {MaxFollowers}).");
        }

        if (Posts < 0)
        {
            return ValidationResult.Error($"--posts must be 0 or more (got {Posts}).");
        }

        if (Rate is { } rate && (double.IsNaN(rate) || double.IsInfinity(rate) || rate < 0))
        {
            return ValidationResult.Error($"--rate must be a number of requests per second, 0 or more (got {rate.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (Contact is not null && FetchUserAgent.ContactProblem(Contact) is { } problem)
        {
            return ValidationResult.Error($"--contact {problem} (got '{Contact}').");
        }

        if (Service is not null && (!Uri.TryCreate(Service, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0))
        {
            return ValidationResult.Error($"--service must be an http(s) address without a query, e.g. https://public.api.bsky.app (got '{Service}').");
        }

        return ValidationResult.Success();
    }
}

/// <summary>Arguments of <c>followeraudit fetch bluesky</c>.</summary>
internal sealed class BlueskyFetchSettings : FetchSettings
{
    [CommandArgument(0, "<HANDLE>")]
    [Description("The Bluesky handle (alice.bsky.social) or DID of the account to audit.")]
    public override string Account { get; init; } = "";
}

/// <summary>Arguments of <c>followeraudit fetch mastodon</c>.</summary>
internal sealed class MastodonFetchSettings : FetchSettings
{
    [CommandArgument(0, "<@USER@INSTANCE>")]
    [Description("The Mastodon account to audit, e.g. @Gargron@mastodon.social.")]
    public override string Account { get; init; } = "";

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        try
        {
            MastodonSource.ServiceFor(Account);
            return ValidationResult.Success();
        }
        catch (ArgumentException ex)
        {
            return ValidationResult.Error(ex.Message.Replace(" (Parameter 'account')", "", StringComparison.Ordinal));
        }
    }
}

/// <summary><c>followeraudit fetch bluesky</c>.</summary>
internal sealed class FetchBlueskyCommand(CliServices services) : FetchCommandBase<BlueskyFetchSettings>(services)
{
    // The public AppView allows 3,000 requests per 5 minutes per address (10/s); half of it leaves room for others.
    protected override double DefaultRate => 5;

    protected override FollowerSource Source(BlueskyFetchSettings settings, PoliteHttpClient http) =>
        new BlueskySource(http, settings.Service is { } s ? new Uri(s) : BlueskySource.DefaultService, settings.Account);
}

/// <summary><c>followeraudit fetch mastodon</c>.</summary>
internal sealed class FetchMastodonCommand(CliServices services) : FetchCommandBase<MastodonFetchSettings>(services)
{
    // Mastodon's default limit is 300 requests per 5 minutes per address (1/s); half of it.
    protected override double DefaultRate => 0.5;

    protected override FollowerSource Source(MastodonFetchSettings settings, PoliteHttpClient http) =>
        new MastodonSource(http, settings.Service is { } s ? new Uri(s) : null, settings.Account);
}

/// <summary>What the fetch commands send as User-Agent: the tool, its version, and the operator's contact when given.</summary>
internal static class FetchUserAgent
{
    /// <summary>The environment variable giving the contact sent in the User-Agent when --contact is not given.</summary>
    public const string ContactVariable = "FOLLOWERAUDIT_CONTACT";

    /// <summary>
    /// The User-Agent: <c>followeraudit/VERSION</c>, then the operator's contact in parentheses when one is given
    /// (<c>followeraudit/1.2.0 (ops@example.org)</c>), so that a service's operator can reach whoever is calling.
    /// </summary>
    public static string For(string? contact) =>
        string.IsNullOrWhiteSpace(contact) ? $"followeraudit/{ToolVersion.Current}" : $"followeraudit/{ToolVersion.Current} ({contact.Trim()})";

    /// <summary>Why a contact cannot go into a User-Agent comment (RFC 9110: no controls, parentheses or backslash), or null when it can.</summary>
    public static string? ContactProblem(string contact) =>
        string.IsNullOrWhiteSpace(contact) ? "must not be empty"
        : contact.Trim().Length > 200 ? "must be at most 200 characters"
        : contact.Trim().Any(c => c is < ' ' or > '~' or '(' or ')' or '\\') ? "may hold only printable ASCII without parentheses or backslashes, e.g. an e-mail address or a URL"
        : null;
}

/// <summary>
/// The shared flow of the fetch commands: check --out, open or resume the checkpoint beside it, fetch politely with
/// progress, write the dataset atomically, then remove the checkpoint.
/// </summary>
internal abstract class FetchCommandBase<TSettings>(CliServices services) : AsyncCommand<TSettings>
    where TSettings : FetchSettings
{
    /// <summary>How often a progress line is printed when the output is not a terminal.</summary>
    public static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(10);

    protected abstract double DefaultRate { get; }

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var contact = settings.Contact ?? services.EnvironmentVariable(FetchUserAgent.ContactVariable);
        if (contact is not null && FetchUserAgent.ContactProblem(contact) is { } problem)
        {
            services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal($"{FetchUserAgent.ContactVariable} {problem} (got '{contact}'). Fix or unset it, or pass --contact.")}");
            return ExitCodes.BadArguments;
        }

        DatasetOutput.Check(services, settings.Out, settings.Force);
        var options = new FetchOptions { UserAgent = FetchUserAgent.For(contact), RequestsPerSecond = settings.Rate ?? DefaultRate };
        using var http = new PoliteHttpClient(options);
        var source = Source(settings, http);
        var checkpointPath = FetchCheckpoint.PathFor(services.FullPath(settings.Out));
        var checkpoint = OpenCheckpoint(checkpointPath, Identity(source, settings), settings.Force);

        var watch = Stopwatch.StartNew();
        var printer = new ProgressPrinter(services.Console, watch);
        var limits = new FetchLimits(settings.MaxFollowers, settings.Posts);
        FetchSummary summary = null!;
        try
        {
            // Pages go to the checkpoint as they come; the dataset is then streamed from it into a staged --out.
            async Task RunAsync()
            {
                await source.FetchAsync(checkpoint, limits, printer, cancellationToken).ConfigureAwait(false);
                await DatasetOutput.WriteAsync(services, settings.Out, settings.Force, [], async temp =>
                    summary = await source.WriteDatasetAsync(checkpoint, limits, temp, printer, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            if (services.Interactive)
            {
                await services.Console.Progress().StartAsync(async progressContext =>
                {
                    printer.Live = progressContext.AddTask("fetching");
                    await RunAsync().ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            else
            {
                await RunAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ServiceUnavailableException)
        {
            services.Console.MarkupLineInterpolated($"[yellow]Stopped[/] after {http.RequestCount:N0} requests; what was fetched is kept in {checkpointPath}. Run the same command to resume.");
            throw;
        }

        RemoveCheckpoint(checkpointPath);
        var handle = summary.Handle ?? settings.Account;
        services.Console.MarkupLineInterpolated(
            $"Fetched {summary.Followers:N0} followers and {summary.Posts:N0} posts of [bold]{handle}[/] in {http.RequestCount:N0} requests ({http.RetryCount:N0} retries, {watch.Elapsed.TotalSeconds:0} s) into [bold]{settings.Out}[/].");
        services.Console.MarkupLineInterpolated($"Next: followeraudit audit {settings.Out} --account {handle}");
        return ExitCodes.Success;
    }

    protected abstract FollowerSource Source(TSettings settings, PoliteHttpClient http);

    private static void RemoveCheckpoint(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The dataset is complete; a checkpoint left behind is harmless and is discarded by the next fetch with --force.
        }
    }

    private static string Identity(FollowerSource source, TSettings settings) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["tool"] = "followeraudit fetch",
            ["source"] = source.Name,
            ["account"] = settings.Account.Trim().TrimStart('@').ToLowerInvariant(),
            ["service"] = settings.Service ?? "",
        });

    // The checkpoint is the tool's own folder beside --out: it carries the marker, and names the fetch it belongs to.
    // A checkpoint of the same fetch is resumed; one of another fetch is discarded only with --force; anything else
    // at that place is never touched.
    private static FetchCheckpoint OpenCheckpoint(string path, string identity, bool force)
    {
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            throw new OutputRefusedException($"{path} exists and is not a fetch checkpoint; the fetch keeps its progress there. Move it away, or choose another --out.");
        }

        if (Directory.Exists(path))
        {
            var identityFile = Path.Combine(path, FetchCheckpoint.IdentityFile);
            if (OutputGuard.ReadMarker(path) != OutputKind.Dataset || !File.Exists(identityFile))
            {
                throw new OutputRefusedException($"{path} exists and was not written by 'followeraudit fetch' (no {OutputGuard.MarkerFileName} marker or {FetchCheckpoint.IdentityFile}); it is not touched. Move it away, or choose another --out.");
            }

            if (File.ReadAllText(identityFile) == identity)
            {
                return new FetchCheckpoint(path);
            }

            if (!force)
            {
                throw new ReportExistsException($"{path} holds the checkpoint of another fetch ({File.ReadAllText(identityFile)}); pass --force to discard it, or choose another --out");
            }

            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        OutputGuard.WriteMarker(path, OutputKind.Dataset);
        File.WriteAllText(Path.Combine(path, FetchCheckpoint.IdentityFile), identity);
        return new FetchCheckpoint(path);
    }

    /// <summary>Shows progress: a live bar on a terminal, else a plain line per phase and every <see cref="PlainProgressInterval"/>.</summary>
    private sealed class ProgressPrinter(IAnsiConsole console, Stopwatch watch) : IProgress<FetchProgress>
    {
        private string? _phase;
        private long _phaseStartDone;
        private TimeSpan _phaseStart;
        private TimeSpan? _lastLine;

        public ProgressTask? Live { get; set; }

        public void Report(FetchProgress value)
        {
            if (value.Phase != _phase)
            {
                _phase = value.Phase;
                _phaseStartDone = value.Done;
                _phaseStart = watch.Elapsed;
                _lastLine = null;
            }

            var line = Describe(value);
            if (Live is { } task)
            {
                task.Description = line;
                task.MaxValue = Math.Max(1, value.Total ?? value.Done);
                task.Value = value.Done;
                return;
            }

            if (_lastLine is not { } last || watch.Elapsed - last >= PlainProgressInterval || value.Done == value.Total)
            {
                _lastLine = watch.Elapsed;
                console.WriteLine(line);
            }
        }

        private string Describe(FetchProgress p)
        {
            var total = p.Total is { } t ? string.Create(CultureInfo.InvariantCulture, $" / {t:N0}") : "";
            var rate = (p.Done - _phaseStartDone) / Math.Max(0.001, (watch.Elapsed - _phaseStart).TotalSeconds);
            var eta = p.Total is { } all && all > p.Done && rate > 0
                ? ", about " + Duration(TimeSpan.FromSeconds((all - p.Done) / rate)) + " left"
                : "";
            return string.Create(CultureInfo.InvariantCulture, $"{p.Phase}: {p.Done:N0}{total}, {p.Requests:N0} requests{eta}");
        }

        private static string Duration(TimeSpan t) =>
            t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes} min")
            : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)t.TotalSeconds)} s");
    }
}
