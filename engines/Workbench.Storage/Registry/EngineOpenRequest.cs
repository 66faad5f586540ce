using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Registry;

/// <summary>Everything a factory needs to open an engine: where, through which file system, with which validated options and column families.</summary>
public sealed record EngineOpenRequest(
    string Directory,
    IFileSystem FileSystem,
    EngineOptions Options,
    IReadOnlyList<ColumnFamilyDescriptor> ColumnFamilies);
