using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Format;

/// <summary>Deleting a file the engine no longer needs.</summary>
internal static class FileDeletion
{
    /// <summary>Deletes the file; on an IO error leaves it for the next open's cleanup (a stray obsolete file is harmless).</summary>
    public static void TryDelete(IFileSystem fs, string path)
    {
        try
        {
            fs.DeleteFile(path);
        }
        catch (IOException)
        {
            // Left for the next open's cleanup.
        }
    }
}
