using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.ZoneTree;

/// <summary>
/// Registers ZoneTree 2.1 (a C# LSM tree) as "zonetree", the peer of our `lsm`. ZoneTree does its own
/// file IO, so the engine is Persistent but does not use the given file system.
/// </summary>
public sealed class ZoneTreeEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <summary>Registry and identity-file name of this engine; the same string is checked on open so another engine's directory is refused.</summary>
    public const string EngineName = "zonetree";

    /// <summary>Version of the identity file's claim (ZoneTree's own files carry their own format).</summary>
    internal const int IdentityFormatVersion = 1;

    /// <inheritdoc/>
    public string IdentityName => EngineName;

    /// <summary>
    /// The column-family file (FORMAT.md) and ZoneTree 2.1's own top-level files, "&lt;n&gt;.&lt;kind&gt;"
    /// (json, meta.wal, multi, and segment parts such as data.z, head.z, sparse.z); its WAL lives in
    /// the seg/ subdirectory.
    /// </summary>
    public bool OwnsFile(string fileName) => OwnsZoneTreeFile(fileName);

    internal static bool OwnsZoneTreeFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName is ZoneTreeEngine.ColumnFamilyFile or ZoneTreeEngine.ColumnFamilyFile + ".tmp") return true;
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return false;
        foreach (var c in fileName.AsSpan(0, dot))
            if (!char.IsAsciiDigit(c)) return false;
        var kind = fileName[(dot + 1)..];
        return kind is "json" or "meta.wal" or "multi" or "wal" or "data" or "head" or "sparse"
            || (kind.EndsWith(".z", StringComparison.Ordinal) && kind[..^2] is "data" or "head" or "sparse");
    }

    /// <inheritdoc/>
    public string Name => EngineName;

    /// <inheritdoc/>
    public string Description => "ZoneTree 2.1 (C# LSM): one MVCC transactional tree holding every column family under a 1-byte prefix, so a batch is one ZoneTree transaction";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options => ZoneTreeOptions.Specs;

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ZoneTreeEngine.Open(request);
    }
}
