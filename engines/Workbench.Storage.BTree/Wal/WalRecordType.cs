namespace Workbench.Storage.BTree.Wal;

/// <summary>Type byte of a WAL record. Values are part of the format (FORMAT.md).</summary>
internal enum WalRecordType : byte
{
    /// <summary>First record of every log file: the column family names in the id order the batches use.</summary>
    Header = 1,

    /// <summary>One write batch, its representation as-is.</summary>
    Batch = 2,
}
