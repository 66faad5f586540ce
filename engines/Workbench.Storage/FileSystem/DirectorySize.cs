namespace Workbench.Storage.FileSystem;

/// <summary>
/// The bytes of the files in one directory, for an engine's <c>disk_bytes</c> metric. Thread rule: safe to
/// call while background work (a checkpointer, a compaction, a log switch) deletes files in that directory —
/// a file listed and then deleted before its size is read counts zero, because it no longer takes space.
/// </summary>
public static class DirectorySize
{
    /// <summary>The sum of the sizes of the files <paramref name="fs"/> lists in <paramref name="directory"/> right now.</summary>
    public static long Of(IFileSystem fs, string directory)
    {
        ArgumentNullException.ThrowIfNull(fs);
        long sum = 0;
        foreach (var name in fs.ListFiles(directory))
        {
            try { sum += fs.GetFileSize(FilePaths.Combine(directory, name)); }
            catch (FileNotFoundException) { /* deleted between the listing and the size: takes no space now */ }
        }
        return sum;
    }
}
