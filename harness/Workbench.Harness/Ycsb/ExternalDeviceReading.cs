namespace Workbench.Harness.Ycsb;

/// <summary>
/// One phase's device bytes outside this process: <paramref name="Total"/> the sum over the readable
/// processes, <paramref name="PerProcess"/> each one's bytes by role ("pd", "node 2", "sql"), and
/// <paramref name="Line"/> the sentence printed for it (naming unreadable processes and nodes that did not flush).
/// </summary>
internal sealed record ExternalDeviceReading(long Total, IReadOnlyDictionary<string, long> PerProcess, string Line);
