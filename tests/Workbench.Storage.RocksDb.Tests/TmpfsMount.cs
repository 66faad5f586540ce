using System.Diagnostics;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// A small tmpfs mounted on a fresh temporary directory, for real full-disk tests: RocksDB does its
/// own IO, so a full disk cannot be simulated under it. Needs root (CAP_SYS_ADMIN) and a container
/// that permits mounts; <see cref="Available"/> says whether this machine does (checked once).
/// Unmounted and removed on dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public TmpfsMount(long sizeBytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "workbench-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        var error = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", Path);
        if (error is not null)
        {
            Directory.Delete(Path);
            throw new InvalidOperationException($"mount -t tmpfs failed: {error}");
        }
    }

    /// <summary>Null when tmpfs can be mounted here, else why not (the skip reason).</summary>
    public static string? UnavailableReason => Unavailable.Value;

    public string Path { get; }

    /// <summary>Changes the size of the mounted file system (e.g. to "free space" after filling it).</summary>
    public void Resize(long sizeBytes)
    {
        var error = Run("mount", "-o", $"remount,size={sizeBytes}", Path);
        if (error is not null) throw new InvalidOperationException($"remounting the tmpfs failed: {error}");
    }

    public void Dispose()
    {
        if (Run("umount", Path) is not null) Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // leftovers in /tmp are harmless
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts need Linux";
        try
        {
            using var probe = new TmpfsMount(1 << 20);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"cannot mount a tmpfs here (needs root and a container that permits mounts): {e.Message}";
        }
    }

    /// <summary>Runs a command; null on success, else its exit code and stderr.</summary>
    private static string? Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"exit {p.ExitCode}: {stderr.Trim()}";
    }
}
