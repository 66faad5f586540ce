namespace Workbench.Jepsen.Runs;

/// <summary>A run was asked for something this build cannot do (unknown workload, a nemesis the target lacks, a topology not available); the message says what and what is available.</summary>
public sealed class JepsenConfigException(string message) : Exception(message);
