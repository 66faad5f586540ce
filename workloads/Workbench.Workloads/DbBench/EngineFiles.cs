using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Workloads.DbBench;

/// <summary>
/// Which files in a database directory belong to an engine, so `bench --db DIR` can start a fill
/// benchmark from an empty database the way db_bench's DestroyDB does: removing only the engine's own
/// files, and refusing a directory that holds anything else. Every registered engine names its own
/// files (<see cref="IOwnsEngineFiles"/>, RocksDB's from its filename.cc); an engine that says
/// nothing gets no file deleted.
/// </summary>
public static class EngineFiles
{
    /// <summary>(identity name, owns-file predicate) of <paramref name="factory"/>, or null when unknown.</summary>
    public static (string Identity, Func<string, bool> OwnsFile)? For(IEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (factory is IOwnsEngineFiles owner) return (owner.IdentityName, owner.OwnsFile);
        return null;
    }

    /// <summary>
    /// db_bench's DestroyDB through the file system: deletes the engine's files in
    /// <paramref name="directory"/>; throws <see cref="EngineConfigException"/> (nothing deleted) for
    /// a directory holding anything else, or holding files of an engine that does not name its own.
    /// </summary>
    public static void Destroy(IFileSystem fs, string directory, IEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(factory);
        if (!fs.DirectoryExists(directory)) return;
        if (For(factory) is { } owner)
        {
            EngineIdentity.Destroy(fs, directory, owner.Identity, owner.OwnsFile);
            return;
        }
        var files = fs.ListFiles(directory);
        if (files.Count > 0)
            throw new EngineConfigException($"--db {directory} is not empty, and engine '{factory.Name}' does not say which files are its own: nothing was deleted — give an empty or new directory, or --use-existing-db");
    }
}
