using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>Something a TCP transport received for the node loop: a Raft message, or a client request with a way to answer it.</summary>
public sealed record InboundItem(Message? Raft, ClientRequest? Request, Func<ClientResponse, ValueTask>? Reply);
