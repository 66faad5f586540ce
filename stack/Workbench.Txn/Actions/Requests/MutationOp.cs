namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>Op</c> for a prewrite mutation.</summary>
public enum MutationOp
{
    /// <summary>Write the value.</summary>
    Put,
    /// <summary>Delete the key.</summary>
    Delete,
    /// <summary>A read lock: nothing is written, but the key conflicts as if written (SELECT … FOR UPDATE in optimistic mode).</summary>
    Lock,
    /// <summary>A put that fails with AlreadyExist when the key has a visible value.</summary>
    Insert,
}
