using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Workbench.Harness.Results;

/// <summary>
/// What a reader needs to reproduce a run, recorded in results.json and shown in the report: the
/// commit, CPU model and count, memory, the disk and file system holding the data directory, the
/// kernel, the .NET runtime and the command line. Each probe that fails says "unknown" rather than
/// failing the run. Linux facts come from /proc and /sys. Stateless.
/// </summary>
internal static class RunEnvironment
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static Dictionary<string, string> Capture(string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var (fs, device) = FileSystemOf(dataDirectory);
        return new Dictionary<string, string>
        {
            ["commit"] = Commit(),
            ["cpu_model"] = CpuModel(),
            ["processors"] = Environment.ProcessorCount.ToString(C),
            ["memory"] = Memory(),
            ["data_directory"] = Path.GetFullPath(dataDirectory),
            ["data_file_system"] = fs,
            ["data_disk"] = device,
            ["kernel"] = ReadFirstLine("/proc/sys/kernel/osrelease") ?? "unknown",
            ["os"] = RuntimeInformation.OSDescription,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["command_line"] = CommandLine(),
        };
    }

    /// <summary>The workbench arguments as typed (the host and the dll path left out).</summary>
    public static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs();
        return "workbench " + string.Join(' ', args.Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
    }

    /// <summary>HEAD of the repository the binary was built from, with "+dirty" when the tree has uncommitted changes.</summary>
    public static string Commit()
    {
        var root = RepositoryRoot.Find();
        if (root is null) return "unknown (no repository found)";
        var head = Git(root, "rev-parse HEAD");
        if (head is null) return "unknown (git not available)";
        var status = Git(root, "status --porcelain --untracked-files=no");
        return head + (string.IsNullOrWhiteSpace(status) ? "" : "+dirty");
    }

    private static string? Git(string root, string args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", $"-C \"{root}\" {args}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            if (!p.WaitForExit(10_000)) return null;
            return p.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var i and > 0)
                    return line[(i + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string Memory()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null) return "unknown";
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], C);
        return (kb / 1024.0 / 1024.0).ToString("0.0", C) + " GiB";
    }

    /// <summary>File system type and source device of the mount holding <paramref name="path"/> (its nearest existing ancestor), from /proc/self/mountinfo.</summary>
    public static (string FileSystem, string Device) FileSystemOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        while (!Directory.Exists(full) && Path.GetDirectoryName(full) is { } parent) full = parent;
        string? bestMount = null, bestFs = null, bestSource = null;
        foreach (var line in ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options [optional…] - fstype source superoptions
            var parts = line.Split(' ');
            var dash = Array.IndexOf(parts, "-");
            if (parts.Length < 5 || dash < 0 || dash + 2 >= parts.Length) continue;
            var mount = parts[4].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = full == mount || full.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal) || mount == "/";
            if (inside && (bestMount is null || mount.Length >= bestMount.Length))
            {
                bestMount = mount;
                bestFs = parts[dash + 1];
                bestSource = parts[dash + 2];
            }
        }
        if (bestMount is null) return ("unknown", "unknown");
        return ($"{bestFs} at {bestMount}", DiskOf(bestSource!));
    }

    private static string DiskOf(string source)
    {
        if (!source.StartsWith("/dev/", StringComparison.Ordinal)) return source;
        var name = Path.GetFileName(source);
        // A partition's disk is its parent in /sys/class/block; the model and rotational flag live on the disk.
        var sys = $"/sys/class/block/{name}";
        var disk = Directory.Exists(sys) && File.Exists(Path.Combine(sys, "partition")) ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(new DirectoryInfo(sys).ResolveLinkTarget(true)?.FullName ?? sys))) ?? name : name;
        var model = ReadFirstLine($"/sys/block/{disk}/device/model")?.Trim();
        var rotational = ReadFirstLine($"/sys/block/{disk}/queue/rotational") switch { "0" => "non-rotational", "1" => "rotational", _ => null };
        var extras = string.Join(", ", new[] { model, rotational }.Where(x => !string.IsNullOrEmpty(x)));
        return extras.Length > 0 ? $"{source} ({extras})" : source;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? ReadFirstLine(string path) => ReadLines(path).FirstOrDefault();
}
