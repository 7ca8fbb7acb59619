using System.Reflection;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>The tool's version, as written into run.json and report.json.</summary>
internal static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
