namespace Workbench.Storage.Batch;

/// <summary>One decoded entry of a write batch; spans point into the batch buffer.</summary>
public readonly ref struct WriteBatchOperation
{
    public WriteBatchOperation(WriteBatchOperationKind kind, int columnFamilyId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Kind = kind;
        ColumnFamilyId = columnFamilyId;
        Key = key;
        Value = value;
    }

    public WriteBatchOperationKind Kind { get; }
    public int ColumnFamilyId { get; }
    public ReadOnlySpan<byte> Key { get; }
    public ReadOnlySpan<byte> Value { get; }
}
