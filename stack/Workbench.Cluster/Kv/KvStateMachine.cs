using Google.Protobuf;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;

namespace Workbench.Cluster.Kv;

/// <summary>
/// The replicated KV demo's state machine: applies committed put/cas/delete commands to an
/// <see cref="IKvEngine"/> (default column family) and serves reads. Deterministic: every replica
/// applying the same commands in the same order reaches the same state. Single-threaded (the node's driver).
/// </summary>
public sealed class KvStateMachine
{
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle _cf;
    private readonly WriteBatch _batch = new();

    /// <summary>A state machine over the default column family of <paramref name="engine"/> (the caller keeps owning it).</summary>
    public KvStateMachine(IKvEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _cf = engine.DefaultColumnFamily();
    }

    /// <summary>The engine the commands are applied to.</summary>
    public IKvEngine Engine => _engine;

    /// <summary>Applies one committed command (a get in the log is answered as a read); an unknown op throws InvalidDataException.</summary>
    public KvResult Apply(KvCommand cmd)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        switch (cmd.Op)
        {
            case KvOp.KvGet:
                return Read(cmd.Key.Span);
            case KvOp.KvPut:
                _batch.Clear();
                _batch.Put(_cf, cmd.Key.Span, cmd.Value.Span);
                _engine.Write(_batch);
                return new KvResult(KvStatus.Ok, Succeeded: true);
            case KvOp.KvDelete:
                _batch.Clear();
                _batch.Delete(_cf, cmd.Key.Span);
                _engine.Write(_batch);
                return new KvResult(KvStatus.Ok, Succeeded: true);
            case KvOp.KvCas:
            {
                var current = _engine.Get(_cf, cmd.Key.Span);
                var matches = cmd.ExpectAbsent ? current is null : current is not null && cmd.Expected.Span.SequenceEqual(current);
                if (!matches) return new KvResult(KvStatus.Ok, Succeeded: false, Found: current is not null, Value: current);
                _batch.Clear();
                _batch.Put(_cf, cmd.Key.Span, cmd.Value.Span);
                _engine.Write(_batch);
                return new KvResult(KvStatus.Ok, Succeeded: true);
            }
            default:
                throw new InvalidDataException($"unknown KV op {cmd.Op} in a committed entry");
        }
    }

    /// <summary>The value of <paramref name="key"/> as applied so far (Found false when absent).</summary>
    public KvResult Read(ReadOnlySpan<byte> key)
    {
        var v = _engine.Get(_cf, key);
        return new KvResult(KvStatus.Ok, Succeeded: true, Found: v is not null, Value: v);
    }

    /// <summary>The whole state as snapshot data.</summary>
    public byte[] Snapshot()
    {
        var snap = new KvSnapshot();
        using var it = _engine.NewIterator(_cf);
        for (it.SeekToFirst(); it.Valid; it.Next())
            snap.Pairs.Add(new KvPair { Key = ByteString.CopyFrom(it.Key), Value = ByteString.CopyFrom(it.Value) });
        return snap.ToByteArray();
    }

    /// <summary>Replaces the whole state with snapshot data.</summary>
    public void Restore(ReadOnlySpan<byte> data)
    {
        var snap = KvSnapshot.Parser.ParseFrom(data);
        _batch.Clear();
        var keys = new List<byte[]>();
        using (var it = _engine.NewIterator(_cf))
        {
            for (it.SeekToFirst(); it.Valid; it.Next()) keys.Add(it.Key.ToArray());
        }
        foreach (var k in keys) _batch.Delete(_cf, k);
        foreach (var p in snap.Pairs) _batch.Put(_cf, p.Key.Span, p.Value.Span);
        _engine.Write(_batch);
    }
}
