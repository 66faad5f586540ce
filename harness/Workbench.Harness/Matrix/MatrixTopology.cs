namespace Workbench.Harness.Matrix;

/// <summary>The cluster shape of layers above the engine (nodes, replicas, transport); unused at layer engine.</summary>
public sealed record MatrixTopology(int Nodes, int Replicas, string Transport);
