using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Txn.Oracle;

/// <summary>
/// The high-water mark in one file of 12 bytes: <c>u64 LE high-water ms | u32 LE crc32c of those 8</c>
/// (Oracle/FORMAT.md). Saved as write-temp, sync, rename, sync directory, so a crash leaves the old
/// or the new mark, never a torn one. A corrupt file is an error naming it, never silently zero
/// (a zero would let a restarted TSO reuse timestamps).
/// </summary>
public sealed class FileTsoStore : ITsoStore
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly string _path;

    /// <summary>The mark file in <paramref name="directory"/> (created on first save) through <paramref name="fileSystem"/>.</summary>
    public FileTsoStore(IFileSystem fileSystem, string directory)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fs = fileSystem;
        _directory = directory;
        _path = directory + "/tso";
        _fs.CreateDirectory(directory);
    }

    /// <summary>The saved mark, 0 when no file exists yet; a corrupt file throws naming it.</summary>
    public long Load()
    {
        if (!_fs.FileExists(_path)) return 0;
        using var f = _fs.OpenRead(_path);
        Span<byte> b = stackalloc byte[12];
        if (f.Length != 12 || f.ReadAt(0, b) != 12)
            throw new CorruptionException(_path, 0, $"TSO high-water file has {f.Length} bytes, expected 12");
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        if (crc != Crc32C.Compute(b[..8]))
            throw new CorruptionException(_path, 0, "TSO high-water file fails its checksum");
        return (long)BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>Saves <paramref name="highWaterMs"/> atomically and durably (temp file, sync, rename, directory sync).</summary>
    public void Save(long highWaterMs)
    {
        Span<byte> b = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)highWaterMs);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], Crc32C.Compute(b[..8]));
        var tmp = _path + ".tmp";
        using (var f = _fs.CreateFile(tmp, WriteCategory.Other))
        {
            f.Append(b);
            f.Sync();
        }
        _fs.RenameFile(tmp, _path);
        _fs.SyncDirectory(_directory);
    }
}
