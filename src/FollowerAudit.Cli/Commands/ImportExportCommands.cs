using System.ComponentModel;
using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit import x-api</c>.</summary>
internal sealed class XApiImportSettings : ImportSettings
{
    [CommandArgument(0, "<PAGES>")]
    [Description("Saved responses of the X API v2 followers endpoint (GET /2/users/:id/followers), JSON files or JSON lines, in the order they were fetched.")]
    public string[] Pages { get; init; } = [];

    [CommandOption("--followee <ID>")]
    [Description("The audited account's numeric user id, when no saved GET /2/users/:id response is among the pages.")]
    public long? Followee { get; init; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        return !result.Successful ? result : Pages.Length == 0 ? ValidationResult.Error("name at least one saved page to import.") : ValidationResult.Success();
    }
}

/// <summary>Arguments of <c>followeraudit import instagram-export</c>.</summary>
internal sealed class InstagramExportImportSettings : ImportSettings
{
    [CommandArgument(0, "<FOLDER>")]
    [Description("The unzipped folder of Instagram's 'Download your information' export (with followers_1.json or followers_1.html).")]
    public string Folder { get; init; } = "";

    [CommandOption("--account <USERNAME>")]
    [Description("The export owner's username, when the export has no personal_information.json.")]
    public string? Account { get; init; }
}

/// <summary><c>followeraudit import x-api</c>.</summary>
internal sealed class ImportXApiCommand(Infrastructure.CliServices services) : ImportCommandBase<XApiImportSettings>(services)
{
    protected override string[] InputFiles(XApiImportSettings settings) => settings.Pages;

    protected override AuditDataset Import(XApiImportSettings settings) => XApiFollowersImporter.Import(settings.Pages, settings.Followee);
}

/// <summary><c>followeraudit import instagram-export</c>.</summary>
internal sealed class ImportInstagramExportCommand(Infrastructure.CliServices services) : ImportCommandBase<InstagramExportImportSettings>(services)
{
    protected override string[] InputFiles(InstagramExportImportSettings settings) => [.. InstagramExportImporter.FindFollowerFiles(settings.Folder)];

    protected override AuditDataset Import(InstagramExportImportSettings settings) => InstagramExportImporter.Import(settings.Folder, settings.Account);
}
