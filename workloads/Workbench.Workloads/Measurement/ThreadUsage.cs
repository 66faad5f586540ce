using System.Runtime.InteropServices;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// The calling thread's own resource usage (Linux getrusage(RUSAGE_THREAD)): CPU time, context
/// switches (voluntary = it blocked, involuntary = the scheduler preempted it), page faults and
/// blocks read. What tells a slow operation that waited on the disk or lost its core from one that worked.
/// </summary>
internal static class ThreadUsage
{
    private const int RusageThread = 1;
    private const int Fields = 18; // struct rusage on 64-bit Linux: two timevals, then 14 longs

    /// <summary>Whether the figures are available (Linux only).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    // A long[] is blittable, so this needs no unsafe code (LibraryImport would).
    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, [Out] long[] usage);

    /// <summary>Fills <paramref name="usage"/> (18 longs) with the calling thread's figures; false when unavailable.</summary>
    public static bool Read(long[] usage)
    {
        if (!Available || usage.Length < Fields) return false;
        return GetRusage(RusageThread, usage) == 0;
    }

    public static long CpuMicros(long[] u) => u[0] * 1_000_000 + u[1] + u[2] * 1_000_000 + u[3];
    public static long MinorFaults(long[] u) => u[8];
    public static long MajorFaults(long[] u) => u[9];
    public static long BlocksIn(long[] u) => u[11];
    public static long VoluntarySwitches(long[] u) => u[16];
    public static long InvoluntarySwitches(long[] u) => u[17];
}
