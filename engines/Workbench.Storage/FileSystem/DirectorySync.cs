using System.Runtime.InteropServices;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// fsync of a directory, which .NET does not expose: on Linux, open(O_RDONLY|O_DIRECTORY) + fsync
/// through libc. Elsewhere a no-op (Windows has no directory fsync; NTFS journals entries).
/// </summary>
internal static class DirectorySync
{
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000; // Linux x86_64/arm64 value

    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(System.Text.Encoding.UTF8.GetBytes(directory + "\0"), ORdOnly | ODirectory);
        if (fd < 0) throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (FSync(fd) != 0) throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport with a byte[] path keeps this free of unsafe code (LibraryImport would need it).
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] nulTerminatedUtf8Path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
