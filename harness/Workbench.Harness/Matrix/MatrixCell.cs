using System.Globalization;

namespace Workbench.Harness.Matrix;

/// <summary>
/// One point of the cross product. The seed depends only on the repeat, so every engine sees the same
/// operation sequence within a repeat. <see cref="Id"/> is stable across runs (resume relies on it).
/// </summary>
internal sealed record MatrixCell(MatrixEngine Engine, MatrixWorkload Workload, int ValueSize, int Threads, int Repeat, int Seed)
{
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Workload.Label}/v{ValueSize}/t{Threads}/{Engine.Label}/r{Repeat}");
}
