namespace Workbench.Cluster.Net;

/// <summary>The call surely did not leave this process (no connection could be made): safe to retry anywhere.</summary>
internal sealed class RpcNotSentException(string message, Exception? inner = null) : IOException(message, inner);
