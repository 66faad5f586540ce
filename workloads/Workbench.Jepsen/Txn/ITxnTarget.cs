using Workbench.Jepsen.Nemeses;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// What the txn-layer workloads run against: a transactional KV service, a timestamp source, and
/// the faults this target can inject. <see cref="LocalEngineTxnTarget"/> is TxnStorage over one
/// engine; a cluster-backed service (ITxnKvService over the in-process cluster) plugs in by
/// implementing this. Start/Stop are called from one thread (the nemesis), the rest from any.
/// </summary>
public interface ITxnTarget : IDisposable
{
    /// <summary>One line naming what the workloads run against, for the summary.</summary>
    string Description { get; }

    /// <summary>The transactional KV service clients use.</summary>
    ITxnKvService Service { get; }

    /// <summary>Source of start and commit timestamps (the TSO).</summary>
    ITimestampSource Timestamps { get; }

    /// <summary>The nemeses this target can inject; others are refused before the run.</summary>
    IReadOnlyCollection<NemesisKind> SupportedNemeses { get; }

    /// <summary>Starts a fault; returns what was done, for the history.</summary>
    string Start(NemesisKind kind, Random random);

    /// <summary>Stops the fault started last of that kind; returns what was done.</summary>
    string Stop(NemesisKind kind);

    /// <summary>Stops every fault (before the final reads).</summary>
    void HealAll();
}
