using Workbench.Jepsen.Nemeses;
using Workbench.Storage.Registry;

namespace Workbench.Jepsen.Runs;

/// <summary>What to run: workload, faults, duration, engine, layer and topology, seed. Immutable.</summary>
public sealed record JepsenOptions
{
    /// <summary>Workloads the raw (Raft KV) layer runs.</summary>
    public static readonly string[] RawWorkloads = ["register", "set"];
    /// <summary>Workloads the txn layer runs.</summary>
    public static readonly string[] TxnWorkloads = ["bank", "append", "long-fork", "set", "register"];

    /// <summary>Workloads the sql layer runs (Jepsen's TiDB schemas over our SQL server).</summary>
    public static readonly string[] SqlWorkloads = ["bank", "append", "long-fork", "set", "register"];

    /// <summary>Workload name (one of <see cref="RawWorkloads"/> or <see cref="TxnWorkloads"/> for the layer).</summary>
    public required string Workload { get; init; }
    /// <summary>Faults the nemesis cycles through; empty = none.</summary>
    public IReadOnlyList<NemesisKind> Nemeses { get; init; } = [];

    /// <summary>Length of the client phase: virtual seconds on the simulated topology, wall-clock seconds otherwise.</summary>
    public double TimeSeconds { get; init; } = 60;

    /// <summary>A fault starts after each interval and stops after the next (Jepsen's 10 s default).</summary>
    public int NemesisIntervalMs { get; init; } = 10_000;

    /// <summary>Engine every store opens.</summary>
    public required EngineConfig Engine { get; init; }
    /// <summary>Registry that opens <see cref="Engine"/>.</summary>
    public required EngineRegistry Registry { get; init; }

    /// <summary>raw, txn or sql.</summary>
    public string Layer { get; init; } = "txn";

    /// <summary>simulated (raw layer), local (txn layer on one engine), in-process (txn or sql layer on an in-process cluster), tcp (txn or sql layer on real processes).</summary>
    public string Topology { get; init; } = "local";

    /// <summary>Seed of every random choice (clients, nemesis, simulated network); printed so a run replays.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Concurrent client processes.</summary>
    public int Clients { get; init; } = 5;

    /// <summary>Where history.jsonl and verdicts.json go (null: nothing written).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>A directory for engines that need real files (rocksdb); default: a temporary one, deleted afterwards.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The deliberately broken client (TiDB 2.1's automatic retry): a transaction that hits a write
    /// conflict is re-committed with the writes it computed from its stale reads. Only for showing
    /// that the checkers catch it.
    /// </summary>
    public bool BlindRetry { get; init; }

    /// <summary>Bank over SQL: transfers read the two rows with plain SELECTs instead of SELECT … FOR UPDATE.</summary>
    public bool PlainReads { get; init; }

    /// <summary>Bank over SQL: transfers write <c>balance = balance ± amount</c> instead of the balances computed from the reads (Jepsen's --update-in-place).</summary>
    public bool UpdateInPlace { get; init; }

    /// <summary>
    /// How to start this program's `pd` and `node` verbs as processes (topology tcp), e.g.
    /// ["dotnet", "/path/workbench.dll"]; the verb passes its own executable.
    /// </summary>
    public IReadOnlyList<string>? WorkbenchCommand { get; init; }

    /// <summary>The nemeses as the --nemesis flag spells them ("none" when empty).</summary>
    public string NemesisList => Nemeses.Count == 0 ? "none" : string.Join(",", Nemeses.Select(NemesisNames.Name));
}
