using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>Something a TCP transport received for the node loop: a Raft message, or a client RPC request with a way to answer it.</summary>
public sealed record InboundItem(Message? Raft, RpcRequest? Request, Func<RpcResponse, ValueTask>? Reply);
