using Workbench.Storage.Log;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>What recovery hands the engine: the fresh log it writes to next, and the last sequence recovered.</summary>
internal sealed record RecoveredLog(long WalNumber, RecordLogWriter Wal, long LastSequence);
