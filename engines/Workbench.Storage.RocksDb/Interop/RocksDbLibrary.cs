using RocksDbSharp;
using Workbench.Storage.Errors;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// The librocksdb the engines run: the one bundled in the <c>RocksDB</c> NuGet package
/// (<c>runtimes/&lt;rid&gt;/native/librocksdb.so</c>, RocksDB <see cref="ExpectedVersion"/>), loaded by
/// the package's <see cref="Native"/> on first use. <see cref="EnsureLoaded"/> turns a failed load into an
/// <see cref="EngineUnavailableException"/> that names the cause. Thread-safe (Lazy).
/// </summary>
internal static class RocksDbLibrary
{
    /// <summary>The RocksDB release the package bundles (the "RocksDB version:" line of every DB's LOG).</summary>
    internal const string ExpectedVersion = "11.12";

    private static readonly Lazy<Native> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the library once; throws <see cref="EngineUnavailableException"/> when it cannot be.</summary>
    internal static void EnsureLoaded() => _ = Instance.Value;

    private static Native Load()
    {
        try
        {
            return Native.Instance;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or NativeImport.NativeLoadException)
        {
            var inner = e is TypeInitializationException { InnerException: { } i } ? i : e;
            throw new EngineUnavailableException(
                $"the librocksdb bundled with the RocksDB NuGet package (RocksDB {ExpectedVersion}) could not be loaded: {inner.Message}; " +
                "restore the package (dotnet restore) on a supported platform (linux-x64/arm64, win-x64, osx)", inner);
        }
    }
}
