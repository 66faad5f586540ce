namespace Workbench.Storage.Lsm.Format;

/// <summary>The type byte in an internal key's trailer. Values are part of the on-disk format.</summary>
internal enum ValueKind : byte
{
    Deletion = 0,
    Value = 1,
    /// <summary>Titan: the value is a BlobIndex pointing into a blob file (Blob/FORMAT.md).</summary>
    BlobIndex = 2,
}
