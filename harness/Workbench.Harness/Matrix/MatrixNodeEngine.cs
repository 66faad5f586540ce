using Workbench.Storage.Registry;

namespace Workbench.Harness.Matrix;

/// <summary>One `topology.engines` entry: the engine a node runs instead of the cell's (label as the engines axis makes it: the name, or name with options).</summary>
internal sealed record MatrixNodeEngine(string Label, EngineConfig Config, int Line);
