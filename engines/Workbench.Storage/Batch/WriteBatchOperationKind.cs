namespace Workbench.Storage.Batch;

/// <summary>Kind byte of an entry in a <see cref="WriteBatch"/> representation. Values are part of the format.</summary>
public enum WriteBatchOperationKind : byte
{
    Put = 1,
    Delete = 2,
}
