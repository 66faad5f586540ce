namespace Workbench.Storage.Memory;

/// <summary>One immutable version of the whole memory engine: a map per column family and the sequence of the last batch applied.</summary>
internal sealed record MemoryEngineState(PersistentSortedMap[] Maps, long Sequence);
