using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.Runs;
using Workbench.Txn.Client;

namespace Workbench.Jepsen.Txn;

/// <summary>A txn-layer workload: its setup, one randomly chosen operation per call (from any client thread), final reads, and its checker.</summary>
internal interface ITxnWorkload
{
    IHistoryChecker Checker { get; }

    void Setup(TxnClient client);

    /// <summary>Runs one operation for <paramref name="process"/>; returns the process id to use next.</summary>
    int Step(TxnDriver driver, int process, Random random);

    /// <summary>Reads after the faults healed (may be nothing).</summary>
    void Final(TxnDriver driver, int process);

    public static ITxnWorkload Create(string name) => name switch
    {
        "bank" => new BankWorkload(),
        "append" => new AppendWorkload(),
        "long-fork" => new LongForkWorkload(),
        "set" => new TxnSetWorkload(),
        "register" => new TxnRegisterWorkload(),
        _ => throw new JepsenConfigException($"unknown txn workload '{name}'; known: bank, append, long-fork, set, register"),
    };
}
