using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>What a restarting node reads from its storage: the persisted hard state and the configuration of the latest snapshot.</summary>
public sealed record RaftInitialState(HardState HardState, ConfState ConfState);
