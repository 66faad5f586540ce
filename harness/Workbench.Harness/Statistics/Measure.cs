namespace Workbench.Harness.Statistics;

/// <summary>What a comparison is about. Throughput: higher is better; the others: lower is better.</summary>
internal enum Measure
{
    Throughput,
    Latency,
    WriteAmp,
    SpaceAmp,
}
