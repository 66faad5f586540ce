using Google.Protobuf;

namespace Workbench.Raft.Core;

/// <summary>
/// A confirmed read: once the local state machine has applied <see cref="Index"/>, a read for the
/// request identified by <see cref="Context"/> is linearizable.
/// </summary>
public sealed record ReadState(ulong Index, ByteString Context);
