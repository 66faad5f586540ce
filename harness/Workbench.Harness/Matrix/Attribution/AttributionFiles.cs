using Workbench.Storage.FileSystem;

namespace Workbench.Harness.Matrix.Attribution;

/// <summary>The page-cache model over the local disk for one cell directory: files under DIR/pd are the placement driver's (TSO, cluster metadata), the rest by category.</summary>
internal static class AttributionFiles
{
    public static PageCacheModelFileSystem ForDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var pd = FilePaths.Combine(directory, "pd") + "/";
        return new PageCacheModelFileSystem(LocalFileSystem.Instance, path => path.StartsWith(pd, StringComparison.Ordinal) ? "pd" : null);
    }
}
