using System.Globalization;
using System.Text;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Identity;

/// <summary>
/// The identity file (<see cref="FileName"/>) every engine writes into its directory at creation:
/// which engine owns the directory and in which format version (FORMAT.md beside this file). An
/// engine adopts it with one call at open, <see cref="Claim"/>, before it reads or writes anything
/// else; it then refuses a directory that belongs to another engine, one written in a newer format,
/// and — when it has no identity file yet — one that holds files the engine does not own (so
/// opening another engine's directory, or a directory of unrelated files, is an error instead of an
/// empty database). <see cref="Destroy"/> is db_bench's DestroyDB: it removes only the owner's files.
/// Stateless and thread-safe; the caller serializes opens of one directory.
/// </summary>
public static class EngineIdentity
{
    /// <summary>Name of the identity file in an engine's directory.</summary>
    public const string FileName = "WORKBENCH-ENGINE";
    private const string TempName = FileName + ".tmp";
    private const string Header = "workbench engine identity";

    /// <summary>
    /// Checks <paramref name="directory"/> for <paramref name="engine"/> and writes the identity file
    /// when it is missing: a new (empty) directory, or a database written before identity files
    /// existed whose every file <paramref name="ownsFile"/> accepts. Throws
    /// <see cref="EngineConfigException"/> for another engine's directory, a newer format or unknown
    /// files, <see cref="CorruptionException"/> for a damaged identity file. Returns whether the
    /// directory held no database yet. For a new directory, <paramref name="create"/> (when given)
    /// runs before the identity file is written, so the identity file doubles as a durable
    /// creation marker: when it exists, the engine's initial files were complete.
    /// </summary>
    public static bool Claim(IFileSystem fs, string directory, string engine, int formatVersion, Func<string, bool> ownsFile, Action? create = null)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(ownsFile);
        ArgumentException.ThrowIfNullOrEmpty(engine);
        fs.CreateDirectory(directory);
        var path = FilePaths.Combine(directory, FileName);
        if (fs.FileExists(path))
        {
            var (owner, version) = Read(fs, path);
            if (owner != engine)
                throw new EngineConfigException($"{directory} belongs to engine '{owner}' ({path} says so), not '{engine}': open it with engine '{owner}', or choose another directory");
            if (version > formatVersion)
                throw new EngineConfigException($"{directory} was written by engine '{owner}' in format version {version}, newer than this build's {formatVersion}: use a newer build");
            return false;
        }
        var unknown = UnknownFiles(fs, directory, ownsFile);
        if (unknown.Count > 0)
            throw new EngineConfigException($"{directory} holds files engine '{engine}' does not own ({Describe(unknown)}) and no {FileName} file: it is another engine's directory or not a database; nothing was opened or changed — choose an empty or new directory");
        var isNew = true;
        foreach (var name in fs.ListFiles(directory))
            if (name != TempName) isNew = false;
        if (isNew) create?.Invoke();
        Write(fs, directory, engine, formatVersion);
        return isNew;
    }

    /// <summary>Reads an identity file: (engine, format version). A damaged one is corruption.</summary>
    public static (string Engine, int FormatVersion) Read(IFileSystem fs, string path)
    {
        ArgumentNullException.ThrowIfNull(fs);
        byte[] bytes;
        using (var f = fs.OpenRead(path))
        {
            if (f.Length > 4096) throw new CorruptionException(path, 0, $"identity file is {f.Length} bytes, more than an identity file holds");
            bytes = new byte[f.Length];
            if (f.ReadAt(0, bytes) != bytes.Length) throw new CorruptionException(path, 0, "short read of the identity file");
        }
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var crcAt = text.LastIndexOf("crc32c=", StringComparison.Ordinal);
        if (crcAt < 0 || !text.EndsWith('\n')
            || !uint.TryParse(text.AsSpan(crcAt + 7, text.Length - crcAt - 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc)
            || crc != Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(0, System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, crcAt))))))
            throw new CorruptionException(path, 0, "identity file checksum mismatch or missing checksum line");
        string? engine = null;
        int? version = null;
        var lines = text[..crcAt].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header) throw new CorruptionException(path, 0, $"identity file does not start with '{Header}'");
        for (var i = 1; i < lines.Length; i++)
        {
            var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CorruptionException(path, 0, $"identity file line {i + 1} is not key=value: '{lines[i]}'");
            var key = lines[i][..eq];
            var value = lines[i][(eq + 1)..];
            if (key == "engine") engine = value;
            else if (key == "format" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) version = v;
        }
        if (string.IsNullOrEmpty(engine) || version is null) throw new CorruptionException(path, 0, "identity file lacks engine= or format=");
        return (engine, version.Value);
    }

    /// <summary>
    /// db_bench's DestroyDB: deletes the identity file and every file <paramref name="ownsFile"/>
    /// accepts; refuses (EngineConfigException, nothing deleted) when the directory holds a file it
    /// does not own, a subdirectory, or another engine's identity. A missing directory is fine.
    /// </summary>
    public static void Destroy(IFileSystem fs, string directory, string engine, Func<string, bool> ownsFile)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(ownsFile);
        if (!fs.DirectoryExists(directory)) return;
        var path = FilePaths.Combine(directory, FileName);
        if (fs.FileExists(path))
        {
            var (owner, _) = Read(fs, path);
            if (owner != engine)
                throw new EngineConfigException($"{directory} belongs to engine '{owner}' ({path} says so), not '{engine}'; nothing was deleted — choose another directory");
        }
        var unknown = UnknownFiles(fs, directory, ownsFile);
        if (unknown.Count > 0)
            throw new EngineConfigException($"{directory} holds files engine '{engine}' does not own ({Describe(unknown)}); nothing was deleted — choose an empty or new directory");
        foreach (var name in fs.ListFiles(directory))
            if (name != FileName) fs.DeleteFile(FilePaths.Combine(directory, name));
        fs.DeleteFile(path); // last: a crash part-way leaves a directory still marked as the engine's
        fs.SyncDirectory(directory);
    }

    /// <summary>Files (names) in the directory that are neither the identity file nor owned by the engine.</summary>
    public static List<string> UnknownFiles(IFileSystem fs, string directory, Func<string, bool> ownsFile)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(ownsFile);
        var unknown = new List<string>();
        foreach (var name in fs.ListFiles(directory))
            if (name is not (FileName or TempName) && !ownsFile(name)) unknown.Add(name);
        return unknown;
    }

    private static void Write(IFileSystem fs, string directory, string engine, int formatVersion)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{Header}\nengine={engine}\nformat={formatVersion}\n");
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var text = body + string.Create(CultureInfo.InvariantCulture, $"crc32c={Crc32C.Mask(Crc32C.Compute(bytes)):x8}\n");
        var tmp = FilePaths.Combine(directory, TempName);
        using (var f = fs.CreateFile(tmp, WriteCategory.Manifest)) // metadata, counted with the manifests
        {
            f.Append(System.Text.Encoding.UTF8.GetBytes(text));
            f.Sync();
        }
        fs.RenameFile(tmp, FilePaths.Combine(directory, FileName));
        fs.SyncDirectory(directory);
    }

    private static string Describe(List<string> names)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Math.Min(5, names.Count); i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(names[i]);
        }
        if (names.Count > 5) sb.Append(CultureInfo.InvariantCulture, $" and {names.Count - 5} more");
        return sb.ToString();
    }
}
