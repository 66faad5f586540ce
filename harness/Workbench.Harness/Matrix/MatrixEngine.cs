using Workbench.Storage;

namespace Workbench.Harness.Matrix;

/// <summary>One engine axis entry: a label (unique in the matrix) and the engine config section.</summary>
public sealed record MatrixEngine(string Label, EngineConfig Config, int Line);
