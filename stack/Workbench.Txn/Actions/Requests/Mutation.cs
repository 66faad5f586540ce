namespace Workbench.Txn.Actions.Requests;

/// <summary>One key of a prewrite (raw user key). <see cref="Value"/> is set for Put and Insert.</summary>
public sealed record Mutation(MutationOp Op, byte[] Key, byte[]? Value = null)
{
    /// <summary>A put of <paramref name="key"/> → <paramref name="value"/>.</summary>
    public static Mutation Put(byte[] key, byte[] value) => new(MutationOp.Put, key, value);
    /// <summary>A delete of <paramref name="key"/> (written as a Delete record at commit).</summary>
    public static Mutation Delete(byte[] key) => new(MutationOp.Delete, key);
}
