namespace Workbench.Linearizability;

/// <summary>The three operations of the per-key register model.</summary>
public enum KvModelOp
{
    /// <summary>Read the key; the output's value is the answer (null = absent).</summary>
    Get,
    /// <summary>Write the input's value unconditionally.</summary>
    Put,
    /// <summary>Compare-and-set: write the value only if the current value equals the expected one (null = absent).</summary>
    Cas,
}

/// <summary>An operation on one key of a register-per-key KV store. <see cref="Expected"/> null on a cas means "expect absent".</summary>
public sealed record KvModelInput(KvModelOp Op, string Key, string? Value = null, string? Expected = null);
