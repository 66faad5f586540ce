using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.ValueSeparation;

/// <summary>
/// A batch of reference rewrites for <see cref="IValueSeparatorHost.WriteRewrites"/> (GC output):
/// per key the new reference, and the check the write leader makes against the key's current raw entry.
/// </summary>
internal interface IValueRewrites
{
    int Count { get; }

    ReadOnlySpan<byte> Key(int i);

    /// <summary>The encoded new reference (stored with kind <see cref="ValueKind.BlobIndex"/>).</summary>
    ReadOnlySpan<byte> NewReference(int i);

    /// <summary>Whether the key's newest entry (raw, <paramref name="found"/> false when there is none) is still the one the rewrite replaces.</summary>
    bool StillCurrent(int i, bool found, ValueKind kind, ReadOnlySpan<byte> raw);
}
