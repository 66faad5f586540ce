using Microsoft.Win32.SafeHandles;

namespace Workbench.Storage.FileSystem;

/// <summary>A read-only file on the real file system; <see cref="ReadAt"/> is pread and thread-safe.</summary>
internal sealed class LocalReadableFile : IReadableFile
{
    private readonly SafeFileHandle _handle;

    public LocalReadableFile(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
    }

    public string Path { get; }

    public long Length => RandomAccess.GetLength(_handle);

    public int ReadAt(long offset, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    public void Dispose() => _handle.Dispose();
}
