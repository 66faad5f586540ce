namespace Workbench.Storage.Batch;

/// <summary>One decoded entry of a write batch; spans point into the batch buffer.</summary>
public readonly ref struct WriteBatchOperation
{
    /// <summary>An entry as decoded; <paramref name="key"/> and <paramref name="value"/> point into the batch buffer.</summary>
    public WriteBatchOperation(WriteBatchOperationKind kind, int columnFamilyId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Kind = kind;
        ColumnFamilyId = columnFamilyId;
        Key = key;
        Value = value;
    }

    /// <summary>Put or delete.</summary>
    public WriteBatchOperationKind Kind { get; }
    /// <summary>Column family id the operation applies to (declaration-order index).</summary>
    public int ColumnFamilyId { get; }
    /// <summary>The key bytes (a slice of the batch buffer).</summary>
    public ReadOnlySpan<byte> Key { get; }
    /// <summary>The value bytes of a put; empty for a delete.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
