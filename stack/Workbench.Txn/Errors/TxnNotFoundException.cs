namespace Workbench.Txn.Errors;

/// <summary>TxnNotFound: check_txn_status found no lock and no record of the transaction and was not asked to roll it back.</summary>
public sealed class TxnNotFoundException : TxnException
{
    /// <summary>No trace of the transaction at <paramref name="startTs"/> on <paramref name="primary"/>.</summary>
    public TxnNotFoundException(ulong startTs, byte[] primary)
        : base($"TxnNotFound: txn {startTs} has no lock or record on its primary") { StartTs = startTs; Primary = primary; }

    /// <summary>The transaction asked about.</summary>
    public ulong StartTs { get; }
    /// <summary>Its primary key (raw).</summary>
    public byte[] Primary { get; }
}
