namespace Workbench.Linearizability.ListAppend;

/// <summary>One step of a list-append transaction: append <see cref="Value"/>, or a read that returned <see cref="Observed"/>.</summary>
public sealed record MicroOp(MicroOpKind Kind, long Key, long Value, IReadOnlyList<long>? Observed)
{
    /// <summary>An append of <paramref name="value"/> to the list at <paramref name="key"/>.</summary>
    public static MicroOp Append(long key, long value) => new(MicroOpKind.Append, key, value, null);
    /// <summary>A read of the list at <paramref name="key"/> that returned <paramref name="observed"/> (oldest element first).</summary>
    public static MicroOp Read(long key, IReadOnlyList<long> observed) => new(MicroOpKind.Read, key, 0, observed);
}
