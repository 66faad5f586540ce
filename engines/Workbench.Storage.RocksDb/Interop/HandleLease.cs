using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// Holds a reference on a safe handle for the duration of one native call (what the P/Invoke
/// marshaller does for a SafeHandle parameter; the package's functions take raw pointers), so a
/// concurrent Dispose cannot free the object while the call uses it: the free is deferred to the
/// last release. A handle already closed throws <see cref="ObjectDisposedException"/>. Use with
/// <c>using</c>; one per handle per call.
/// </summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle _handle;

    public HandleLease(SafeHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
        Pointer = handle.DangerousGetHandle();
    }

    /// <summary>The native pointer, valid until <see cref="Dispose"/>.</summary>
    public nint Pointer { get; }

    public void Dispose() => _handle.DangerousRelease();
}
