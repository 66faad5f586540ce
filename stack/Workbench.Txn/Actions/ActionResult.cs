using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>What an action returns: the modifications to apply atomically, and its answer (valid once they are applied).</summary>
public sealed record ActionResult<T>(WriteData Writes, T Result);
