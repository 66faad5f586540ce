namespace Workbench.Storage.FileSystem;

/// <summary>Kinds of file-system operation a <see cref="FaultInjectingFileSystem"/> can fail.</summary>
public enum FaultKind
{
    /// <summary>ReadAt on any file.</summary>
    Read,
    /// <summary>Append or WriteAt.</summary>
    Write,
    /// <summary>Sync of a file or a directory.</summary>
    Sync,
    /// <summary>CreateFile / OpenWritable.</summary>
    Create,
    /// <summary>OpenRead.</summary>
    Open,
    /// <summary>DeleteFile or DeleteDirectory.</summary>
    Delete,
    /// <summary>RenameFile.</summary>
    Rename,
}
