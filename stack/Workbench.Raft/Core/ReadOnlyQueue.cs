using Google.Protobuf;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Core;

/// <summary>
/// Leader-side queue of ReadIndex requests awaiting a heartbeat quorum (etcd's readOnly). A quorum
/// ack for a request also confirms every request queued before it. Not thread-safe.
/// </summary>
internal sealed class ReadOnlyQueue
{
    private readonly Dictionary<ByteString, ReadIndexStatus> _pending = [];
    private readonly List<ByteString> _queue = [];

    public void AddRequest(ulong index, Message m)
    {
        var ctx = m.Entries[0].Data;
        if (_pending.ContainsKey(ctx)) return;
        _pending[ctx] = new ReadIndexStatus(m, index);
        _queue.Add(ctx);
    }

    /// <summary>Records an ack; returns the acks so far, or null for an unknown context.</summary>
    public HashSet<ulong>? RecvAck(ulong id, ByteString ctx)
    {
        if (!_pending.TryGetValue(ctx, out var rs)) return null;
        rs.Acks.Add(id);
        return rs.Acks;
    }

    /// <summary>Dequeues and returns every request up to and including the one with <paramref name="ctx"/>.</summary>
    public List<ReadIndexStatus> Advance(ByteString ctx)
    {
        var idx = _queue.IndexOf(ctx);
        if (idx < 0) return [];
        var released = new List<ReadIndexStatus>(idx + 1);
        for (var i = 0; i <= idx; i++)
        {
            released.Add(_pending[_queue[i]]);
            _pending.Remove(_queue[i]);
        }
        _queue.RemoveRange(0, idx + 1);
        return released;
    }

    public ByteString? LastPendingContext => _queue.Count == 0 ? null : _queue[^1];
}
