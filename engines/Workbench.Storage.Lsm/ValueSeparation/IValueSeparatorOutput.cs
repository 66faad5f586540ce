using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;

namespace Workbench.Storage.Lsm.ValueSeparation;

/// <summary>
/// One table build's side of an <see cref="IValueSeparator"/> (Pebble's <c>ValueSeparation</c>): every
/// entry the build keeps goes through <see cref="Add"/>, which writes it to the table builder —
/// as it is, or with its value moved out and a <see cref="ValueKind.BlobIndex"/> reference in its
/// place (or a reference resolved back inline). <see cref="Finish"/> makes the separated values
/// durable and known to the separator, and runs before the engine's edit makes the table visible.
/// <see cref="IDisposable.Dispose"/> after <see cref="Finish"/>, or instead of it on failure (then
/// it removes what it wrote). One thread.
/// </summary>
internal interface IValueSeparatorOutput : IDisposable
{
    void Add(TableBuilder builder, ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value);

    void Finish();
}
