namespace Workbench.Txn.Gc;

/// <summary>What one GC round did.</summary>
public sealed record GcResult(ulong SafePoint, long KeysScanned, long VersionsDeleted, long ValuesDeleted, long LocksResolved, long BytesWritten);
