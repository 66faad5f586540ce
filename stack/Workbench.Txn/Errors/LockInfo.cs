using Workbench.Txn.Mvcc;

namespace Workbench.Txn.Errors;

/// <summary>A lock met on <see cref="Key"/> (raw user key), as kvproto's <c>LockInfo</c> reports it.</summary>
public sealed record LockInfo(byte[] Key, LockRecord Lock);
