using NUnit.Framework;

namespace FollowerAudit.Testing;

/// <summary>
/// Finds the read-only real datasets (<c>shared/datasets</c>) by walking up from the test directory; tests that need
/// them call <see cref="RequireFile"/>, which marks the test ignored when the folder is absent.
/// </summary>
public static class SharedDatasets
{
    /// <summary>The <c>shared/datasets</c> folder, or null.</summary>
    public static string? Root { get; } = FindRoot();

    public static string RequireFile(params string[] relative)
    {
        if (Root is null)
        {
            Assert.Ignore("Real datasets not found: no 'shared/datasets' folder above the test directory (in CI it lives beside the repo clone as ../shared/datasets).");
        }

        var path = Path.Combine([Root!, .. relative]);
        if (!File.Exists(path))
        {
            Assert.Ignore($"Real dataset file missing: {path}");
        }

        return path;
    }

    private static string? FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        return null;
    }
}
