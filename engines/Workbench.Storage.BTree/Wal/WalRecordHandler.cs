namespace Workbench.Storage.BTree.Wal;

/// <summary>Receives one decoded WAL record during replay; <paramref name="payload"/> is valid only during the call.</summary>
internal delegate void WalRecordHandler(WalRecordType type, long sequence, ReadOnlySpan<byte> payload);
