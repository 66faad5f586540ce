namespace Workbench.Storage.Lsm.Wal;

/// <summary>Physical record types of the log format (LevelDB doc/log_format.md). Values are part of the format.</summary>
internal enum WalRecordType : byte
{
    Zero = 0,
    Full = 1,
    First = 2,
    Middle = 3,
    Last = 4,
}
