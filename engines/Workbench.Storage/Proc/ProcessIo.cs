using System.Globalization;

namespace Workbench.Storage.Proc;

/// <summary>
/// One reading of <c>/proc/&lt;pid&gt;/io</c>: the device-level ruler of DESIGN.md §4. Linux charges
/// <see cref="WriteBytes"/> when a page is dirtied for writeback (so it counts bytes headed to the
/// block device without waiting for writeback), and <see cref="CancelledWriteBytes"/> when dirty pages
/// are dropped by truncation or deletion before reaching it.
/// </summary>
public sealed record ProcessIo(long ReadChars, long WriteChars, long ReadBytes, long WriteBytes, long CancelledWriteBytes)
{
    /// <summary>Whether /proc/self/io can be read here (Linux with task IO accounting).</summary>
    public static bool IsSupported => File.Exists("/proc/self/io");

    /// <summary>Reads this process's counters; <see cref="PlatformNotSupportedException"/> without /proc.</summary>
    public static ProcessIo ReadSelf() => Read("/proc/self/io");

    /// <summary>Reads process <paramref name="pid"/>'s counters (it must be ours to read); <see cref="PlatformNotSupportedException"/> without /proc.</summary>
    public static ProcessIo ReadProcess(int pid) => Read($"/proc/{pid}/io");

    /// <summary>Parses the text of a /proc/&lt;pid&gt;/io file; throws <see cref="FormatException"/> naming a missing field.</summary>
    public static ProcessIo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            if (long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                fields[line[..colon].Trim()] = v;
        }
        long Field(string name) => fields.TryGetValue(name, out var v) ? v : throw new FormatException($"/proc io text lacks the field '{name}'");
        return new ProcessIo(Field("rchar"), Field("wchar"), Field("read_bytes"), Field("write_bytes"), Field("cancelled_write_bytes"));
    }

    /// <summary>The difference this − <paramref name="earlier"/>, field by field.</summary>
    public ProcessIo Minus(ProcessIo earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new ProcessIo(ReadChars - earlier.ReadChars, WriteChars - earlier.WriteChars, ReadBytes - earlier.ReadBytes,
            WriteBytes - earlier.WriteBytes, CancelledWriteBytes - earlier.CancelledWriteBytes);
    }

    private static ProcessIo Read(string path)
    {
        if (!File.Exists(path)) throw new PlatformNotSupportedException($"{path} is not readable: device-level IO accounting needs Linux /proc");
        return Parse(File.ReadAllText(path));
    }
}
