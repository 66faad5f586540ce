using Workbench.Jepsen.Nemeses;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// What the txn-layer workloads run against: a transactional KV service, a timestamp source, and
/// the faults this target can inject (<see cref="IFaultTarget"/>). <see cref="LocalEngineTxnTarget"/>
/// is TxnStorage over one engine; a cluster-backed service (ITxnKvService over the in-process
/// cluster) plugs in by implementing this. Start/Stop are called from one thread (the nemesis), the
/// rest from any.
/// </summary>
public interface ITxnTarget : IFaultTarget
{
    /// <summary>The transactional KV service clients use.</summary>
    ITxnKvService Service { get; }

    /// <summary>Source of start and commit timestamps (the TSO).</summary>
    ITimestampSource Timestamps { get; }
}
