using System.Runtime.InteropServices;
using LightningDB;

namespace Workbench.Storage.Lmdb;

/// <summary>
/// Points LightningDB's <c>[DllImport("lmdb")]</c> at the system's LMDB. The package bundles its own
/// liblmdb.so, built against glibc 2.38; Debian 12 has 2.36, so on Linux we load Debian's
/// <c>liblmdb.so.0</c> (package liblmdb0, LMDB 0.9.24) and fall back to the bundled one elsewhere.
/// An assembly can have one resolver per process: installed once, under a lock.
/// </summary>
internal static class LmdbLibrary
{
    private static readonly Lock Gate = new();
    private static bool _installed;

    public static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_installed) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(LightningEnvironment).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // another component already installed a resolver for LightningDB: use whatever it loads
            }
            _installed = true;
        }
    }

    private static IntPtr Resolve(string libraryName, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!libraryName.Contains("lmdb", StringComparison.OrdinalIgnoreCase) || !OperatingSystem.IsLinux()) return IntPtr.Zero;
        return NativeLibrary.TryLoad("liblmdb.so.0", out var handle) ? handle : IntPtr.Zero;
    }
}
