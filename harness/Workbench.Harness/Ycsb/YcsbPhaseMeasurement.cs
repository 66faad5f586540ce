using Workbench.Harness.Results;

namespace Workbench.Harness.Ycsb;

/// <summary>What a YCSB phase produced: the results record plus the go-ycsb-style per-operation lines' inputs.</summary>
internal sealed record YcsbPhaseMeasurement(PhaseResult Result, IReadOnlyDictionary<string, OperationLatency> Operations, double Seconds);
