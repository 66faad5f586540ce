namespace Workbench.Storage.Batch;

/// <summary>Kind byte of an entry in a <see cref="WriteBatch"/> representation. Values are part of the format.</summary>
public enum WriteBatchOperationKind : byte
{
    /// <summary>Sets a key to a value.</summary>
    Put = 1,
    /// <summary>Removes a key.</summary>
    Delete = 2,
}
