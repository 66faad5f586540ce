namespace Workbench.Linearizability;

public enum KvModelOp
{
    Get,
    Put,
    Cas,
}

/// <summary>An operation on one key of a register-per-key KV store. <see cref="Expected"/> null on a cas means "expect absent".</summary>
public sealed record KvModelInput(KvModelOp Op, string Key, string? Value = null, string? Expected = null);
