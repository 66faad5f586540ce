using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Native;

/// <summary>
/// Finds librocksdb. Debian's runtime package <c>librocksdb7.8</c> installs only
/// <c>librocksdb.so.7.8</c>; the unversioned <c>librocksdb.so</c> comes with <c>librocksdb-dev</c>.
/// A DllImport resolver therefore tries both (and <c>WORKBENCH_LIBROCKSDB</c>, a full path, first
/// when set). <see cref="EnsureLoaded"/> turns a missing library into an
/// <see cref="EngineUnavailableException"/> that says what to install. Thread-safe (Lazy).
/// </summary>
internal static class RocksDbLibrary
{
    /// <summary>Overrides the library path (e.g. a self-built librocksdb).</summary>
    internal const string PathVariable = "WORKBENCH_LIBROCKSDB";

    internal const string InstallHint = "install the Debian package librocksdb7.8 (apt-get install librocksdb7.8)";

    private static readonly Lazy<nint> Handle = new(() => Load(Candidates()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the library once and registers the resolver; throws <see cref="EngineUnavailableException"/> when it is missing.</summary>
    internal static void EnsureLoaded() => _ = Handle.Value;

    internal static IReadOnlyList<string> Candidates()
    {
        var list = new List<string>();
        var custom = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(custom)) list.Add(custom);
        list.Add("librocksdb.so.7.8");
        list.Add("librocksdb.so");
        list.Add("librocksdb.so.7");
        return list;
    }

    /// <summary>Loads the first candidate that exists and exports the C API; registers the resolver.</summary>
    internal static nint Load(IReadOnlyList<string> candidates)
    {
        var handle = TryLoad(candidates, out var tried);
        if (handle == 0)
            throw new EngineUnavailableException($"librocksdb (RocksDB 7.8) could not be loaded (tried {tried}); {InstallHint}");
        NativeLibrary.SetDllImportResolver(typeof(RocksDbLibrary).Assembly, (name, _, _) => name == RocksDbNative.Lib ? handle : 0);
        return handle;
    }

    /// <summary>The first loadable candidate exporting <c>rocksdb_open</c>, or 0; <paramref name="tried"/> lists what failed and why.</summary>
    internal static nint TryLoad(IReadOnlyList<string> candidates, out string tried)
    {
        var failures = new List<string>();
        foreach (var name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, typeof(RocksDbLibrary).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out var h)
                && !NativeLibrary.TryLoad(name, out h))
            {
                failures.Add($"{name}: not found");
                continue;
            }
            if (!NativeLibrary.TryGetExport(h, "rocksdb_open_column_families", out _))
            {
                failures.Add($"{name}: no rocksdb_open_column_families export");
                continue;
            }
            tried = string.Join("; ", failures);
            return h;
        }
        tried = string.Join("; ", failures);
        return 0;
    }

}
