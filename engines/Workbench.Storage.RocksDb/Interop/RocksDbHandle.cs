using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// Base of the safe handles over librocksdb objects. A handle may depend on up to two parents (a
/// column family, iterator or snapshot depends on its DB; an iterator or read options may depend
/// on a snapshot): it holds a reference on each from <see cref="Attach"/> until it is freed, so a
/// parent is never freed before its children, and SafeHandle's own counting keeps a handle alive
/// while a native call is using it (each call holds a <see cref="HandleLease"/>). Freeing happens
/// exactly once (SafeHandle guarantees it).
/// </summary>
internal abstract class RocksDbHandle : SafeHandle
{
    private SafeHandle? _parent;
    private SafeHandle? _parent2;

    protected RocksDbHandle() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    /// <summary>Takes ownership of <paramref name="native"/> (must be non-zero) and references the parents.</summary>
    internal void Attach(nint native, SafeHandle? parent = null, SafeHandle? parent2 = null)
    {
        if (native == 0) throw new InvalidOperationException($"librocksdb returned a null {GetType().Name}");
        if (parent is not null)
        {
            var added = false;
            parent.DangerousAddRef(ref added);
            _parent = parent;
        }
        if (parent2 is not null)
        {
            var added = false;
            parent2.DangerousAddRef(ref added);
            _parent2 = parent2;
        }
        SetHandle(native);
    }

    /// <summary>Wraps a freshly created native object (non-zero) in a handle of type <typeparamref name="T"/>.</summary>
    internal static T Wrap<T>(nint native, SafeHandle? parent = null, SafeHandle? parent2 = null) where T : RocksDbHandle, new()
    {
        var h = new T();
        h.Attach(native, parent, parent2);
        return h;
    }

    /// <summary>The raw pointer of a parent, for the native free call of a child (valid: the child holds a reference).</summary>
    protected nint ParentPointer => _parent?.DangerousGetHandle() ?? 0;

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        _parent2?.DangerousRelease();
        _parent?.DangerousRelease();
        return true;
    }

    /// <summary>Frees the native object; called once.</summary>
    protected abstract void Free(nint native);
}
