namespace Workbench.Jepsen.Nemeses;

/// <summary>
/// What a nemesis acts on: the faults a target can inject, and how to start, stop and heal them.
/// The txn targets (<see cref="Txn.ITxnTarget"/>) and the SQL targets (<see cref="Sql.ISqlTarget"/>)
/// both are one. Start/Stop/HealAll are called from one thread (the nemesis).
/// </summary>
public interface IFaultTarget : IDisposable
{
    /// <summary>One line naming what the workloads run against, for the summary.</summary>
    string Description { get; }

    /// <summary>The nemeses this target can inject; others are refused before the run.</summary>
    IReadOnlyCollection<NemesisKind> SupportedNemeses { get; }

    /// <summary>Starts a fault; returns what was done, for the history.</summary>
    string Start(NemesisKind kind, Random random);

    /// <summary>Stops the fault started last of that kind; returns what was done.</summary>
    string Stop(NemesisKind kind);

    /// <summary>Stops every fault (before the final reads).</summary>
    void HealAll();
}
