namespace Workbench.Txn.Errors;

/// <summary>TxnNotFound: check_txn_status found no lock and no record of the transaction and was not asked to roll it back.</summary>
public sealed class TxnNotFoundException : TxnException
{
    public TxnNotFoundException(ulong startTs, byte[] primary)
        : base($"TxnNotFound: txn {startTs} has no lock or record on its primary") { StartTs = startTs; Primary = primary; }

    public ulong StartTs { get; }
    public byte[] Primary { get; }
}
