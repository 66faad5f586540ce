using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Runs;

namespace Workbench.Jepsen.Sql;

/// <summary>A SQL-layer workload (Jepsen's TiDB schemas): its tables, one randomly chosen operation per call (from any client thread, each with its own connection), final reads, and its checker.</summary>
internal interface ISqlWorkload
{
    IHistoryChecker Checker { get; }

    /// <summary>Creates the tables and initial rows (not recorded; retried while the server is still settling).</summary>
    void Setup(SqlClient client);

    /// <summary>Runs one operation for <paramref name="process"/>; returns the process id to use next.</summary>
    int Step(SqlDriver driver, SqlClient client, int process, Random random);

    /// <summary>Reads after the faults healed (may be nothing).</summary>
    void Final(SqlDriver driver, SqlClient client, int process);

    public static ISqlWorkload Create(JepsenOptions options) => options.Workload switch
    {
        "bank" => new SqlBankWorkload(options.PlainReads, options.UpdateInPlace),
        "append" => new SqlAppendWorkload(),
        "long-fork" => new SqlLongForkWorkload(),
        "set" => new SqlSetWorkload(),
        "register" => new SqlRegisterWorkload(),
        _ => throw new JepsenConfigException($"unknown sql workload '{options.Workload}'; known: {string.Join(", ", JepsenOptions.SqlWorkloads)}"),
    };
}
