namespace Workbench.Raft.Core;

/// <summary>Volatile state that need not be persisted: who leads and our role.</summary>
public sealed record SoftState(ulong LeaderId, StateRole Role);
