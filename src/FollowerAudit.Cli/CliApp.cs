using FollowerAudit.Cli.Commands;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli;

/// <summary>The composition root: the commands, and the one place that maps exceptions to exit codes.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, CliServices services, CancellationToken cancellationToken)
    {
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliServices), services);
        var verbose = args.Contains("--verbose", StringComparer.Ordinal);
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("followeraudit");
            config.SetApplicationCulture(System.Globalization.CultureInfo.InvariantCulture);
            config.ConfigureConsole(services.Console);
            config.SetExceptionHandler((exception, _) => HandleException(exception, services.Console, verbose));
            config.AddCommand<AuditCommand>("audit")
                .WithDescription("Audit accounts of a dataset and write report.html, report.md, report.json and charts.")
                .WithExample("audit", "data-samples/demo", "--all", "--model", "synthetic", "--out", "demo-report");
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

    private static int HandleException(Exception exception, IAnsiConsole console, bool verbose)
    {
        switch (exception)
        {
            case OperationCanceledException:
                console.MarkupLine("[yellow]Cancelled.[/] Nothing was written.");
                return ExitCodes.Cancelled;
            case InputDataException or Reporting.ReportExistsException:
                console.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
                return ExitCodes.BadInput;
            case CommandAppException:
                console.MarkupLineInterpolated($"[red]error:[/] {exception.Message} Run 'followeraudit --help'.");
                return ExitCodes.BadArguments;
            default:
                var log = Path.Combine(Path.GetTempPath(), "followeraudit-error.log");
                File.WriteAllText(log, exception.ToString());
                console.MarkupLineInterpolated($"[red]internal error, please report it[/] with the log at {log}: {exception.Message}");
                if (verbose)
                {
                    console.WriteException(exception);
                }

                return ExitCodes.InternalError;
        }
    }
}
