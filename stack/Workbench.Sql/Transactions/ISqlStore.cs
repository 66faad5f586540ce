namespace Workbench.Sql.Transactions;

/// <summary>What the SQL layer needs from the layer below: transactions over one ordered key space, and its bytes for reports.</summary>
public interface ISqlStore : IDisposable
{
    /// <summary>Starts a transaction reading a snapshot taken now.</summary>
    ISqlTransaction Begin();

    /// <summary>A short name of the store for EXPLAIN and `\s` (e.g. "engine lsm, single node").</summary>
    string Description { get; }

    /// <summary>The engine underneath (for SHOW STATUS: its write bytes by category), when there is one local engine.</summary>
    Workbench.Storage.Contract.IKvEngine? Engine { get; }
}
