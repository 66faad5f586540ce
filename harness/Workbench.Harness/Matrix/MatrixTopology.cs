namespace Workbench.Harness.Matrix;

/// <summary>
/// The cluster shape of layers above the engine (nodes, replicas, transport; <paramref name="RaftLogInEngine"/>
/// = `raft_log: engine`, the Raft log in the engine's raft CF); unused at layer engine.
/// </summary>
internal sealed record MatrixTopology(int Nodes, int Replicas, string Transport, bool RaftLogInEngine = false);
