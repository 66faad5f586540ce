using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Workbench.Harness.Sysbench;

/// <summary>
/// Runs the real sysbench binary (Debian package sysbench 1.0.20) for prepare, run and cleanup of
/// one OLTP test against one target. Run asks for --histogram=on and --percentile=99 so p50 … p99.9
/// come from its histogram, and --report-interval=1 for the per-second series. A non-zero exit or
/// a timeout is an <see cref="InvalidOperationException"/> carrying the command and the tail of its
/// output. Thread-safe (no state but the settings).
/// </summary>
internal sealed class SysbenchProcess(string binary, SysbenchTarget target, SysbenchSettings settings)
{
    /// <summary>sysbench on PATH (or /usr/bin/sysbench), or null when it is not installed.</summary>
    public static string? FindBinary()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, "sysbench");
            if (File.Exists(p)) return p;
        }
        return File.Exists("/usr/bin/sysbench") ? "/usr/bin/sysbench" : null;
    }

    /// <summary>The connection and table options every command shares.</summary>
    public IReadOnlyList<string> CommonArguments() =>
    [
        "--db-driver=mysql",
        "--mysql-host=" + target.Host,
        "--mysql-port=" + target.Port.ToString(CultureInfo.InvariantCulture),
        "--mysql-user=" + target.User,
        "--mysql-password=" + target.Password,
        "--mysql-db=" + target.Database,
        "--mysql-storage-engine=" + target.StorageEngine,
        "--tables=" + settings.Tables.ToString(CultureInfo.InvariantCulture),
        "--table-size=" + settings.TableSize.ToString(CultureInfo.InvariantCulture),
        "--db-ps-mode=" + settings.PsMode,
    ];

    public IReadOnlyList<string> RunArguments() =>
    [
        .. CommonArguments(),
        "--threads=" + settings.Threads.ToString(CultureInfo.InvariantCulture),
        "--time=" + settings.Seconds.ToString(CultureInfo.InvariantCulture),
        "--rand-type=" + settings.RandType,
        "--percentile=99",
        "--histogram=on",
        "--report-interval=1",
        settings.Test,
        "run",
    ];

    /// <summary>The run command as a shell line (for the report's "reproduce" text; the password is shown, sysbench's defaults are not secrets).</summary>
    public string RunCommandLine() => "sysbench " + string.Join(' ', RunArguments());

    /// <summary>Drops leftover tables (ignoring "no such table"), then creates and loads them.</summary>
    public void Prepare(CancellationToken cancel)
    {
        Exec([.. CommonArguments(), settings.Test, "cleanup"], TimeSpan.FromMinutes(5), cancel, allowFailure: true);
        Exec([.. CommonArguments(), settings.Test, "prepare"], TimeSpan.FromMinutes(30), cancel, allowFailure: false);
    }

    public string Run(CancellationToken cancel) => Exec(RunArguments(), TimeSpan.FromSeconds(settings.Seconds + 300), cancel, allowFailure: false);

    public void Cleanup(CancellationToken cancel) => Exec([.. CommonArguments(), settings.Test, "cleanup"], TimeSpan.FromMinutes(5), cancel, allowFailure: false);

    private string Exec(IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancel, bool allowFailure)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {binary}");
        var output = new StringBuilder();
        var lockObj = new Lock();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lockObj) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lockObj) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        try
        {
            p.WaitForExitAsync(timer.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            cancel.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"sysbench {args[^2]} {args[^1]} did not finish in {timeout.TotalSeconds:F0} s; last output: {Tail(output)}");
        }
        p.WaitForExit(); // drains the asynchronous readers
        string text;
        lock (lockObj) text = output.ToString();
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"sysbench {args[^2]} {args[^1]} against {target.Host}:{target.Port} exited with {p.ExitCode}: {Tail(new StringBuilder(text))}");
        return text;
    }

    private static string Tail(StringBuilder sb)
    {
        var lines = sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 6)));
    }
}
