using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// O_DIRECT for <see cref="LocalDirectReadableFile"/>: the flag's value on this platform, open(2)
/// through libc (.NET's FileOptions has no O_DIRECT), the block alignment reads use, and the
/// process-wide fallback count. Thread-safe.
/// </summary>
internal static class DirectIo
{
    /// <summary>
    /// Offsets, lengths and buffer addresses of direct reads are multiples of this. 4096 is a multiple
    /// of every logical block size in use (512 or 4096; this machine's disk: 512), so it is valid
    /// everywhere without asking the device (statx STATX_DIOALIGN would give the exact value).
    /// </summary>
    public const int Alignment = 4096;

    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // the same on x86-64 and arm64
    private const int EInval = 22;

    private static long s_fallbacks;
    private static int s_reported;

    /// <summary>
    /// O_DIRECT's value here, or 0 where this code does not know it (its value differs by
    /// architecture: 0x4000 on x86-64, 0x10000 on arm64 and arm) or the OS is not Linux.
    /// </summary>
    public static int ODirectFlag { get; } = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

    /// <summary>See <see cref="LocalFileSystem.DirectReadFallbacks"/>.</summary>
    public static long Fallbacks => Interlocked.Read(ref s_fallbacks);

    /// <summary>
    /// Opens <paramref name="path"/> read-only with O_DIRECT, or returns null with the reason when
    /// that is not possible (the caller then opens buffered, which also reports a missing file the
    /// way .NET does).
    /// </summary>
    public static SafeFileHandle? TryOpen(string path, out string? reason)
    {
        if (ODirectFlag == 0)
        {
            reason = $"O_DIRECT is not available on {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}";
            return null;
        }
        var fd = Open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), ORdOnly | OCloExec | ODirectFlag);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            reason = errno == EInval ? "the file system refused O_DIRECT (EINVAL)" : $"open with O_DIRECT failed (errno {errno})";
            return null;
        }
        reason = null;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Whether <paramref name="e"/> is a read the file system refused as misaligned or unsupported for O_DIRECT.</summary>
    public static bool IsRefusal(IOException e) => e.HResult == EInval;

    /// <summary>Counts a file that reads buffered although direct reads were asked for; the first one is also written to standard error.</summary>
    public static void ReportFallback(string path, string reason)
    {
        Interlocked.Increment(ref s_fallbacks);
        if (Interlocked.Exchange(ref s_reported, 1) == 0)
            Console.Error.WriteLine($"workbench: direct reads unavailable for {path}: {reason}; reading through the page cache (reported once; LocalFileSystem.DirectReadFallbacks counts every file)");
    }

    // DllImport with a byte[] path keeps this free of unsafe code (LibraryImport would need it).
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] nulTerminatedUtf8Path, int flags);
}
