using System.Reflection;

namespace FollowerAudit.Reporting;

/// <summary>
/// Registers the bundled DejaVu fonts with ScottPlot once per process. Without a registered font, ScottPlot on a
/// machine with no fonts draws every label as nothing, silently.
/// </summary>
internal static class ChartFonts
{
    /// <summary>The family name every chart uses.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes sure the fonts are registered; cheap after the first call.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        // ScottPlot loads fonts from files, so the embedded TTFs are written once to a folder named after their
        // size and the assembly's identity; a concurrent writer renames a complete file into place.
        var assembly = typeof(ChartFonts).Assembly;
        var version = assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var folder = Path.Combine(Path.GetTempPath(), "followeraudit-fonts-" + version);
        Directory.CreateDirectory(folder);
        var regular = Extract(assembly, "DejaVuSans.ttf", folder);
        var bold = Extract(assembly, "DejaVuSans-Bold.ttf", folder);
        ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
        return true;
    }

    private static string Extract(Assembly assembly, string file, string folder)
    {
        using var stream = assembly.GetManifestResourceStream("FollowerAudit.Reporting.Fonts." + file)
            ?? throw new InvalidOperationException($"The font resource {file} is missing from {assembly.GetName().Name}; the build is broken.");
        var path = Path.Combine(folder, file);
        if (File.Exists(path) && new FileInfo(path).Length == stream.Length)
        {
            return path;
        }

        var partial = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".part";
        using (var output = File.Create(partial))
        {
            stream.CopyTo(output);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
