using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.ValueSeparation;

/// <summary>
/// How an engine factory plugs a value separator into the LSM: the engine name it gives the
/// database (written into the identity file), which directory files it owns besides the LSM's, and
/// how to create it once the directory is claimed (before recovery reads anything).
/// </summary>
internal sealed record ValueSeparatorPlugin(
    string EngineName,
    Func<string, bool> OwnsFile,
    Func<IValueSeparatorHost, CountingFileSystem, string, IValueSeparator> Create);
