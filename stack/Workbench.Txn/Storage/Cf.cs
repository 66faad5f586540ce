namespace Workbench.Txn.Storage;

/// <summary>Percolator's column families (TiKV's CF_DEFAULT, CF_LOCK, CF_WRITE). The values index per-CF arrays.</summary>
public enum Cf
{
    Default = 0,
    Lock = 1,
    Write = 2,
}
