using FollowerAudit.Core.Model;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>
/// Checks a single input file named on the command line before it is opened: it must exist and be a regular, non-empty
/// file. A pipe would block the run forever and a device such as /dev/zero never ends, and both report a length of 0.
/// </summary>
internal static class InputFiles
{
    /// <summary>Throws a clear <see cref="InputDataException"/> unless <paramref name="path"/> is a regular, non-empty file.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="what">What the file should be, for the message, e.g. "the edge list".</param>
    public static void Check(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new InputDataException($"{path}: a folder; expected {what}, a file. Check the path.");
        }

        FileSystemInfo info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        }

        if (!info.Exists || info is not FileInfo file)
        {
            throw InputDataException.Missing(path, what);
        }

        if (file.Length == 0)
        {
            throw new InputDataException($"{path}: empty, or not a regular file (a pipe or a device); expected {what}. Give a regular file.");
        }
    }

    /// <summary>As <see cref="Check"/>, for a --model value that names a file rather than a built-in model.</summary>
    /// <param name="model">The --model value, or null.</param>
    public static void CheckModel(string? model)
    {
        if (model is not null && (File.Exists(model) || Directory.Exists(model) || new FileInfo(model).LinkTarget is not null))
        {
            Check(model, "a model .zip written by 'followeraudit train'");
        }
    }
}
