namespace Workbench.Txn.Actions.Requests;

/// <summary>A raw user key and its value as a read at a timestamp returns them.</summary>
public sealed record KvPair(byte[] Key, byte[] Value);
