namespace Workbench.Txn.Storage;

/// <summary>Percolator's column families (TiKV's CF_DEFAULT, CF_LOCK, CF_WRITE). The values index per-CF arrays.</summary>
public enum Cf
{
    /// <summary>CF default: large values at key+start_ts.</summary>
    Default = 0,
    /// <summary>CF lock: the Percolator locks, at the encoded key.</summary>
    Lock = 1,
    /// <summary>CF write: commit and rollback records at key+commit_ts.</summary>
    Write = 2,
}
