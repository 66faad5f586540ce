namespace Workbench.Storage.FileSystem;

/// <summary>Path helpers for <see cref="IFileSystem"/> paths ('/' separated). Stateless.</summary>
public static class FilePaths
{
    /// <summary><paramref name="directory"/> + "/" + <paramref name="name"/> without doubling the separator; an empty directory gives the name alone.</summary>
    public static string Combine(string directory, string name) =>
        directory.Length == 0 ? name : directory.EndsWith('/') ? directory + name : directory + "/" + name;

    /// <summary>'/' separators only, no doubled '/', no trailing '/' (except the root itself).</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Replace('\\', '/');
        while (p.Contains("//", StringComparison.Ordinal)) p = p.Replace("//", "/", StringComparison.Ordinal);
        if (p.Length > 1 && p.EndsWith('/')) p = p[..^1];
        return p;
    }

    /// <summary>The directory part of <paramref name="path"/>: "" for a bare name, "/" for a file at the root.</summary>
    public static string DirectoryOf(string path)
    {
        var p = Normalize(path);
        var i = p.LastIndexOf('/');
        return i < 0 ? "" : i == 0 ? "/" : p[..i];
    }

    /// <summary>The last component of <paramref name="path"/>.</summary>
    public static string FileName(string path)
    {
        var p = Normalize(path);
        var i = p.LastIndexOf('/');
        return i < 0 ? p : p[(i + 1)..];
    }
}
