using System.Diagnostics;

namespace Workbench.Testing.Processes;

/// <summary>
/// A child process of a crash or multi-process test: started with stdout and stderr redirected,
/// read line by line with a timeout (never a sleep), killed with SIGKILL (no cleanup, no flush, as a
/// crash), its stderr kept for the failure message. Its stdin is a pipe this side holds open and
/// never writes: a child that calls <see cref="ParentWatch.ExitWhenParentGone"/> exits when this
/// process dies (the pipe closes), instead of living on as an orphan. One test thread uses it.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private ChildProcess(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The dotnet host that runs this test (so a child runs on the same runtime), or "dotnet".</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p ? p : "dotnet";

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null) =>
        Start(StartInfo(fileName, arguments, workingDirectory));

    /// <summary>Starts a process from <see cref="StartInfo"/> (or one built like it).</summary>
    public static ChildProcess Start(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        return new ChildProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {startInfo.FileName}"));
    }

    /// <summary>How every child is started: stdin a pipe held open and never written, stdout and stderr redirected, no shell.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Starts a .NET assembly (<paramref name="dll"/>) on <see cref="DotnetHost"/>; throws a clear error when it was not built.</summary>
    public static ChildProcess StartDll(string dll, IEnumerable<string> arguments)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"child not built at {dll}", dll);
        return Start(DotnetHost(), [dll, .. arguments]);
    }

    /// <summary>Closes this side of the child's stdin: what the child sees when this process dies.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the child to exit by itself and returns its exit code; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>The child's pid.</summary>
    public int Id => _process.Id;

    /// <summary>The child has exited (by itself or killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The next stdout line, or null at end of output; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<string?> ReadLineAsync(TimeSpan timeout) => _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);

    /// <summary>Waits for the readiness line <paramref name="expected"/> as the first line; anything else kills the child and fails with its stderr.</summary>
    public async Task WaitForReadyAsync(string expected, TimeSpan timeout)
    {
        var line = await ReadLineAsync(timeout);
        if (line != expected) throw new InvalidOperationException($"child did not start: '{line}' instead of '{expected}', stderr: {await KillAndReadErrorAsync(timeout)}");
    }

    /// <summary>SIGKILL (the whole tree) and wait for the exit.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    /// <summary>Kills the child and returns what it wrote to stderr (for a failure message).</summary>
    public async Task<string> KillAndReadErrorAsync(TimeSpan timeout)
    {
        await KillAsync(timeout);
        return await _stderr.WaitAsync(timeout);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
        }
        _process.Dispose();
    }
}
