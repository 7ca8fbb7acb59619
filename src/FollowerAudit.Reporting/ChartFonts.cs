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
        // ScottPlot loads fonts from files, so the embedded TTFs are written to a folder of this process's own: a new,
        // uniquely named folder only its owner can enter (never a fixed name in the shared temp folder, where another
        // user could plant a link or a font of their own), removed when the process exits.
        var assembly = typeof(ChartFonts).Assembly;
        var folder = Directory.CreateTempSubdirectory("followeraudit-fonts-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: two font files in the temp folder are harmless.
            }
        };
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
        using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.CopyTo(output);
        }

        return path;
    }
}
