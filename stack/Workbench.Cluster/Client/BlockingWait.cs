namespace Workbench.Cluster.Client;

/// <summary>
/// Synchronous callers' wait on a cluster call: blocks in the kernel until the task completes,
/// without the spin phase of <c>Task.Wait</c>/<c>GetAwaiter().GetResult()</c>. A call to a store
/// or PD takes at least a store-loop round (often a Raft log fsync), so spinning never wins; with
/// many SQL sessions on few cores the spinning threads took CPU from the store loops they were
/// waiting for (profile in docs/measurements/titan-in-tidb.md).
/// </summary>
internal static class BlockingWait
{
    /// <summary>The task's result (or its exception, unwrapped as GetResult does) once it completed.</summary>
    public static T Result<T>(Task<T> task)
    {
        if (!task.IsCompleted) ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Returns once the task completed; rethrows its exception as GetResult does.</summary>
    public static void Complete(Task task)
    {
        if (!task.IsCompleted) ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        task.GetAwaiter().GetResult();
    }
}
