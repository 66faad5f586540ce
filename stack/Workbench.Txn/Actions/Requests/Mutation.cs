namespace Workbench.Txn.Actions.Requests;

/// <summary>One key of a prewrite (raw user key). <see cref="Value"/> is set for Put and Insert.</summary>
public sealed record Mutation(MutationOp Op, byte[] Key, byte[]? Value = null)
{
    public static Mutation Put(byte[] key, byte[] value) => new(MutationOp.Put, key, value);
    public static Mutation Delete(byte[] key) => new(MutationOp.Delete, key);
}
