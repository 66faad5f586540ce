using Workbench.Storage.Errors;

namespace Workbench.Harness.Cli;

/// <summary>
/// Turns a typed storage failure into the one line the CLI prints: what happened, which file, what to
/// do. Unwraps the wrappers engines and runners add (a stopped engine carries its cause; a worker
/// thread's failure arrives as AggregateException or TargetInvocationException). Null for anything
/// that is not a storage failure (a bug keeps its stack trace).
/// </summary>
internal static class StorageFailure
{
    private const int ENOSPC = 28;
    private const int ERROR_DISK_FULL = 0x70;
    private const int ERROR_HANDLE_DISK_FULL = 0x27;

    public static string? Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var root = Unwrap(e);
        if (Find<CorruptionException>(root) is { } c)
            return $"corruption: {c.Message} — the named file is damaged; nothing was deleted. Restore the database from a backup, or remove the directory to start over.";
        if (FindDiskFull(root) is { } full)
            return $"disk full: {full.Message} — free space on that device and run again; what was acknowledged before the failure is intact (reopen to check).";
        if (Find<EngineWriteStoppedException>(root) is { } stopped)
            return $"the engine stopped after a write failure: {stopped.Message} — fix the cause and reopen; acknowledged writes are intact.";
        if (Find<IOException>(root) is { } io)
            return $"I/O error: {io.Message} — check the device, the path and its permissions, then run again.";
        if (Find<UnauthorizedAccessException>(root) is { } denied)
            return $"access denied: {denied.Message} — check the path's permissions.";
        if (Find<StorageException>(root) is { } other)
            return $"storage error: {other.Message}";
        return null;
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a:
                    e = a.InnerExceptions[0];
                    continue;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                default:
                    return e;
            }
        }
    }

    /// <summary>The first exception of type T along the InnerException chain.</summary>
    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static IOException? FindDiskFull(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is IOException io && IsDiskFull(io)) return io;
        return null;
    }

    /// <summary>ENOSPC (on Unix .NET puts the errno in HResult), the Windows disk-full codes, or the message.</summary>
    public static bool IsDiskFull(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var code = e.HResult & 0xFFFF;
        var byCode = OperatingSystem.IsWindows() ? code is ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL : e.HResult == ENOSPC;
        return byCode
            || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("disk full", StringComparison.OrdinalIgnoreCase);
    }
}
