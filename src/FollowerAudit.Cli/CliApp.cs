using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FollowerAudit.Cli.Commands;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli;

/// <summary>The composition root: the commands, and the one place that maps exceptions to exit codes.</summary>
internal static partial class CliApp
{
    public static Task<int> RunAsync(string[] args, CliServices services, CancellationToken cancellationToken)
    {
        if (services.Console is not SafeConsole)
        {
            services = services with { Console = new SafeConsole(services.Console) };
        }

        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliServices), services);
        var verbose = args.Contains("--verbose", StringComparer.Ordinal) || args.Contains("-v", StringComparer.Ordinal);
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("followeraudit");
            config.SetApplicationCulture(CultureInfo.InvariantCulture);
            config.ConfigureConsole(services.Console);

            // An unknown option is an error, not silently ignored: '--modle synthetic' must not run with another model.
            config.UseStrictParsing();
            config.SetExceptionHandler((exception, _) => HandleException(exception, services, args, verbose));
            config.AddCommand<AuditCommand>("audit")
                .WithDescription("Audit accounts of a dataset and write report.html, report.md, report.json and charts.")
                .WithExample("audit", "data-samples/demo", "--all", "--model", "synthetic", "--out", "demo-report");
            config.AddCommand<SiloCommand>("silo")
                .WithDescription("Run a silo of an audit cluster: audits the accounts that 'audit --cluster' hands it (docs/cluster.md).")
                .WithExample("silo", "--dataset-root", "/srv/datasets", "--cluster", "redis://10.0.0.5:6379");
            config.AddCommand<GenerateCommand>("generate")
                .WithDescription("Generate a synthetic dataset with known truth (bought and genuine followers).")
                .WithExample("generate", "--accounts", "20000", "--seed", "7", "--out", "world");
            config.AddCommand<BlocksCommand>("blocks")
                .WithDescription("Find dense follower x followee blocks (FRAUDAR) in a plain edge list.")
                .WithExample("blocks", "--edges", "graph.txt", "--blocks", "3");
            config.AddBranch<ImportSettings>("import", import =>
            {
                import.SetDescription("Import real data from CSV or JSON lines into a Parquet dataset.");
                import.AddCommand<ImportTwitterUsersCommand>("twitter-users")
                    .WithDescription("Twitter API v1.1 user objects (CSV as in the Cresci 2015 dataset, or JSON lines).")
                    .WithExample("import", "twitter-users", "E13_users.csv:genuine", "INT_users.csv:fake", "--out", "cresci");
                import.AddCommand<ImportCsvCommand>("csv")
                    .WithDescription("Any CSV, with a column mapping: accounts or a follower list into a new dataset; posts, engagements or snapshots into an existing one.")
                    .WithExample("import", "csv", "train.csv", "--map", "instagram-kaggle", "--out", "instagram")
                    .WithExample("import", "csv", "followers.csv", "--table", "follows", "--map", "user_id=follower_id", "--followee", "42", "--out", "mydata")
                    .WithExample("import", "csv", "posts.csv", "--table", "posts", "--map", "id=post_id", "--map", "user=author_id", "--into", "mydata");
                import.AddCommand<ImportXApiCommand>("x-api")
                    .WithDescription("Saved pages of the X API v2 followers endpoint (JSON or JSON lines), with user fields.")
                    .WithExample("import", "x-api", "page1.json", "page2.json", "--followee", "2244994945", "--out", "xdata");
                import.AddCommand<ImportInstagramExportCommand>("instagram-export")
                    .WithDescription("An Instagram owner's 'Download your information' export: followers with the time of each follow.")
                    .WithExample("import", "instagram-export", "instagram-export-folder", "--out", "mine");
            });
            config.AddBranch<FetchSettings>("fetch", fetch =>
            {
                fetch.SetDescription("Fetch an account's followers and recent posts from an open platform's public API into a dataset (resumable).");
                fetch.AddCommand<FetchBlueskyCommand>("bluesky")
                    .WithDescription("A Bluesky account, from the public AppView (no login).")
                    .WithExample("fetch", "bluesky", "alice.bsky.social", "--out", "alice");
                fetch.AddCommand<FetchMastodonCommand>("mastodon")
                    .WithDescription("A Mastodon account, from its instance's public API (no login).")
                    .WithExample("fetch", "mastodon", "@alice@mastodon.social", "--out", "alice");
            });
            config.AddCommand<SampleCommand>("sample")
                .WithDescription("Write a labelling sheet for a random sample of one account's followers; audit --labels then estimates the fake share from the labels.")
                .WithExample("sample", "data-samples/demo", "--account", "influencer_01", "-n", "200", "--out", "sheet");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train the follower classifier on a labeled dataset.")
                .WithExample("train", "cresci", "--out", "model.zip");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Measure every follower scorer on labeled data: precision, recall, F1, MCC, ROC AUC.")
                .WithExample("evaluate", "cresci", "--cv", "10", "--json", "accuracy.json");
            config.AddCommand<SchemaCommand>("schema")
                .WithDescription("Print the data contract: the Parquet tables and columns a dataset may hold.");
        });
        return app.RunAsync(args, cancellationToken);
    }

    internal static int HandleException(Exception exception, CliServices services, string[] args, bool verbose)
    {
        var console = services.Console;
        switch (exception)
        {
            case OperationCanceledException:
                console.MarkupLine("[yellow]Cancelled.[/] Nothing was written.");
                return ExitCodes.Cancelled;
            case IO.Sources.ServiceUnavailableException:
                Error(console, exception.Message);
                return ExitCodes.ServiceUnavailable;
            case InputDataException or ReportExistsException or OutputRefusedException or FollowerAudit.Cluster.ClusterUnavailableException:
                Error(console, exception.Message);
                return ExitCodes.BadInput;
            case IOException or UnauthorizedAccessException:
                // The environment, not the tool: a full disk, a read-only file system, a missing permission.
                Error(console, $"could not read or write a file: {exception.Message.TrimEnd('.')}. Check the path, the free space and the permissions, then run again.");
                return ExitCodes.BadInput;
            case CommandAppException:
                Error(console, ArgumentMessage(exception, args) + " Run 'followeraudit --help'.");
                return ExitCodes.BadArguments;
            default:
                return InternalError(exception, services, verbose);
        }
    }

    private static void Error(IAnsiConsole console, string message) =>
        console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(message)}");

    private static int InternalError(Exception exception, CliServices services, bool verbose)
    {
        var console = services.Console;
        string where;
        try
        {
            where = "with the log at " + WriteErrorLog(services.ErrorLogFolder, exception);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // The log could not be written: the details go to stderr instead, so the original error is never lost.
            services.ErrorOutput.WriteLine(exception.ToString());
            where = "with the details printed above on stderr";
        }

        try
        {
            console.MarkupLineInterpolated($"[red]internal error, please report it[/] {where}: {Sanitize.ForTerminal(exception.Message)}");
            if (verbose)
            {
                console.WriteException(exception);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            services.ErrorOutput.WriteLine("internal error, please report it: " + exception);
        }

        return ExitCodes.InternalError;
    }

    /// <summary>Writes the error log to a new, uniquely named file, created exclusively (never through a planted link).</summary>
    /// <returns>The path of the log.</returns>
    internal static string WriteErrorLog(string folder, Exception exception)
    {
        for (var n = 0; ; n++)
        {
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"followeraudit-error-{Environment.ProcessId}-{n}.log"));
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write(exception.ToString());
                return path;
            }
            catch (IOException) when (n < 100 && (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null))
            {
                // Taken (or a planted link): try the next name.
            }
        }
    }

    /// <summary>Spectre's parse and conversion errors in the user's words: the option, the value, the closest option.</summary>
    internal static string ArgumentMessage(Exception exception, string[] args)
    {
        var message = exception.Message.Trim();
        var conversion = ConversionError().Match(message);
        if (conversion.Success)
        {
            var value = conversion.Groups["value"].Value;
            var index = Array.FindIndex(args, a => a == value);
            var option = index > 0 && args[index - 1].StartsWith('-') ? args[index - 1] : args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && a.EndsWith("=" + value, StringComparison.Ordinal))?.Split('=')[0];
            var type = OptionType(option) ?? typeof(string);
            type = Nullable.GetUnderlyingType(type) ?? type;
            var expected = type == typeof(double) || type == typeof(float) ? "a number such as 0.5"
                : type == typeof(int) ? "a whole number from -2147483648 to 2147483647"
                : type == typeof(long) ? "a whole number from -9223372036854775808 to 9223372036854775807"
                : conversion.Groups["type"].Value.Contains("Int", StringComparison.Ordinal) ? "a whole number"
                : "a valid value";
            return option is null
                ? $"'{value}' is not {expected}."
                : $"{option}: '{value}' is not {expected}.";
        }

        var unknown = UnknownOption().Match(message);
        if (unknown.Success)
        {
            var name = unknown.Groups["name"].Value;
            var closest = Closest(name);
            return closest is null
                ? $"unknown option '--{name}'."
                : $"unknown option '--{name}'; did you mean '--{closest}'?";
        }

        return message;
    }

    // Every option of every command: its property and its attribute.
    private static IEnumerable<(PropertyInfo Property, CommandOptionAttribute Option)> AllOptions() =>
        typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties())
            .Select(p => (Property: p, Option: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(x => x.Option is not null)
            .Select(x => (x.Property, x.Option!));

    private static Type? OptionType(string? option)
    {
        var name = option?.TrimStart('-');
        return name is null ? null : AllOptions().FirstOrDefault(o => o.Option.LongNames.Contains(name, StringComparer.Ordinal)).Property?.PropertyType;
    }

    private static string? Closest(string name)
    {
        var options = AllOptions().SelectMany(o => o.Option.LongNames).Distinct(StringComparer.Ordinal);
        var best = options.Select(o => (Option: o, Distance: Distance(name, o))).OrderBy(x => x.Distance).ThenBy(x => x.Option, StringComparer.Ordinal).FirstOrDefault();
        return best.Option is not null && best.Distance <= Math.Max(2, name.Length / 3) ? best.Option : null;
    }

    // Optimal string alignment distance: a swapped pair of letters ('sampel') counts as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex("Failed to convert '(?<value>.*)' to (?<type>[^ .]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionError();

    [GeneratedRegex("Unknown option '-{0,2}(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownOption();
}
