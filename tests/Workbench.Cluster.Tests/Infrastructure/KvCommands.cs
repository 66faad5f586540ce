using Google.Protobuf;
using Workbench.Cluster.Kv;

namespace Workbench.Cluster.Tests.Infrastructure;

public static class KvCommands
{
    public static KvCommand Put(string key, string value) => new() { Op = KvOp.KvPut, Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value) };
    public static KvCommand Get(string key) => new() { Op = KvOp.KvGet, Key = ByteString.CopyFromUtf8(key) };

    public static KvCommand Cas(string key, string? expected, string value) => new()
    {
        Op = KvOp.KvCas,
        Key = ByteString.CopyFromUtf8(key),
        Expected = expected is null ? ByteString.Empty : ByteString.CopyFromUtf8(expected),
        ExpectAbsent = expected is null,
        Value = ByteString.CopyFromUtf8(value),
    };
}
