namespace Workbench.Storage.FileSystem;

/// <summary>Path helpers for <see cref="IFileSystem"/> paths ('/' separated). Stateless.</summary>
public static class FilePaths
{
    public static string Combine(string directory, string name) =>
        directory.Length == 0 ? name : directory.EndsWith('/') ? directory + name : directory + "/" + name;

    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Replace('\\', '/');
        while (p.Contains("//", StringComparison.Ordinal)) p = p.Replace("//", "/", StringComparison.Ordinal);
        if (p.Length > 1 && p.EndsWith('/')) p = p[..^1];
        return p;
    }

    public static string DirectoryOf(string path)
    {
        var p = Normalize(path);
        var i = p.LastIndexOf('/');
        return i < 0 ? "" : i == 0 ? "/" : p[..i];
    }

    public static string FileName(string path)
    {
        var p = Normalize(path);
        var i = p.LastIndexOf('/');
        return i < 0 ? p : p[(i + 1)..];
    }
}
