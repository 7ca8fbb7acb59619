using System.Globalization;
using NUnit.Framework;

namespace FollowerAudit.Testing;

/// <summary>
/// Temp folders for tests, unique to the test process: two test runs on one machine (two checkouts, or the same
/// build run twice at once) never share, fill or delete each other's folders. Each test project deletes its
/// process's root at the end of the run (<see cref="DeleteRoot"/> from a <c>[SetUpFixture]</c>).
/// </summary>
public static class TestTemp
{
    private static int _counter;

    /// <summary>The process's root: <c>TEMP/followeraudit-tests-PID</c>.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "followeraudit-tests-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>An empty folder for the current test (by NUnit test id), emptied if it exists.</summary>
    /// <returns>Its full path.</returns>
    public static string ForCurrentTest()
    {
        var path = Path.Combine(Root, TestContext.CurrentContext.Test.ID);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A new, empty folder named after <paramref name="prefix"/>, unique within the process.</summary>
    /// <param name="prefix">A readable prefix.</param>
    /// <returns>Its full path.</returns>
    public static string NewFolder(string prefix)
    {
        var path = Path.Combine(Root, prefix + "-" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A path for a new file under the process's root (the file is not created).</summary>
    /// <param name="name">The file name, e.g. <c>model.zip</c>.</param>
    /// <returns>Its full path.</returns>
    public static string NewFile(string name) => Path.Combine(NewFolder("file"), name);

    /// <summary>Deletes the process's root; call once at the end of a test run.</summary>
    public static void DeleteRoot()
    {
        if (Directory.Exists(Root) && Environment.GetEnvironmentVariable("FOLLOWERAUDIT_KEEP_TEST_FILES") is null)
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
