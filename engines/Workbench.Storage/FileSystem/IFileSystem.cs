using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// The file-system abstraction every native engine does all its IO through (LevelDB's Env,
/// Pebble's vfs), so that IO can be counted by <see cref="WriteCategory"/> and faults injected.
/// Paths use '/' separators. Implementations are thread-safe; a file handle is used by one writer
/// at a time, but <see cref="IReadableFile.ReadAt"/> may be called concurrently.
///
/// Durability model (what <see cref="FaultInjectingFileSystem.SimulateCrash"/> enforces):
/// bytes written survive a process crash once the file is flushed (<see cref="IWritableFile.Flush"/>)
/// and a machine crash once synced (<see cref="IWritableFile.Sync"/>). A newly created file survives a
/// machine crash once it or its directory has been synced. Renames and deletes are atomic and durable
/// when they return (journaled metadata, as ext4 behaves in practice).
/// </summary>
public interface IFileSystem
{
    /// <summary>Creates (or truncates) a file for writing; writes are counted under <paramref name="category"/>.</summary>
    IWritableFile CreateFile(string path, WriteCategory category);

    /// <summary>Opens an existing file (or creates it when missing) for positional reads and writes without truncating it.</summary>
    IWritableFile OpenWritable(string path, WriteCategory category);

    /// <summary>Opens an existing file for reading; throws <see cref="FileNotFoundException"/> when missing.</summary>
    IReadableFile OpenRead(string path);

    /// <summary>
    /// Opens an existing file for reading in <paramref name="mode"/>; throws <see cref="FileNotFoundException"/>
    /// when missing. <see cref="ReadMode.Buffered"/> is <see cref="OpenRead(string)"/>. A wrapper passes
    /// the mode to the file system it wraps; a file system without direct IO reads buffered (never fails for it).
    /// </summary>
    IReadableFile OpenRead(string path, ReadMode mode);

    /// <summary>Whether a file exists at <paramref name="path"/> (directories do not count).</summary>
    bool FileExists(string path);
    /// <summary>Current length in bytes of the file at <paramref name="path"/>, including bytes not yet flushed by an open writer.</summary>
    long GetFileSize(string path);

    /// <summary>Deletes a file; a missing file is not an error.</summary>
    void DeleteFile(string path);

    /// <summary>Atomically renames, replacing <paramref name="destination"/> if it exists.</summary>
    void RenameFile(string source, string destination);

    /// <summary>Creates the directory and any missing parents; an existing directory is not an error.</summary>
    void CreateDirectory(string path);
    /// <summary>Whether a directory exists at <paramref name="path"/>.</summary>
    bool DirectoryExists(string path);

    /// <summary>Names (not paths) of the files directly in a directory, sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Makes the directory's entries (file creations) durable.</summary>
    void SyncDirectory(string directory);

    /// <summary>Removes a directory and everything under it; missing is not an error.</summary>
    void DeleteDirectory(string path);
}
