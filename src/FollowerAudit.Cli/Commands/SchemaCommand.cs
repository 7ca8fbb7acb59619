using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary><c>followeraudit schema</c>: prints the data contract.</summary>
internal sealed class SchemaCommand(CliServices services) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        services.Console.WriteLine(DataContract.Describe());
        return ExitCodes.Success;
    }
}
