using Workbench.Txn.Mvcc;

namespace Workbench.Txn.Actions;

internal readonly record struct TxnCommitRecord(TxnCommitRecordKind Kind, ulong CommitTs, WriteRecord? Write);
