using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Native;

/// <summary>
/// Turns the <c>char** errptr</c> of a librocksdb call into a typed exception. The message is the
/// text of RocksDB's <c>Status::ToString()</c>, whose prefix names the status code ("Corruption: ",
/// "IO error: ", "Invalid argument: ", ...). Stateless; thread-safe.
/// </summary>
internal static class RocksDbStatus
{
    /// <summary>Frees <paramref name="errptr"/> (if set) and throws the exception its message maps to.</summary>
    internal static void ThrowIfError(nint errptr, string operation)
    {
        if (errptr == 0) return;
        throw ToException(TakeString(errptr) ?? "unknown error", operation);
    }

    /// <summary>Copies and frees a malloc()ed C string returned by librocksdb (null for 0).</summary>
    internal static string? TakeString(nint ptr)
    {
        if (ptr == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(ptr);
        }
        finally
        {
            RocksDbNative.rocksdb_free(ptr);
        }
    }

    /// <summary>Maps a RocksDB status message to the contract's exception types.</summary>
    internal static Exception ToException(string status, string operation)
    {
        var message = $"rocksdb {operation} failed: {status}";
        if (status.StartsWith("Corruption", StringComparison.Ordinal)) return new CorruptionException(message);
        if (status.StartsWith("IO error", StringComparison.Ordinal)) return new RocksDbIOException(message, new IOException(status));
        if (status.StartsWith("Invalid argument", StringComparison.Ordinal) || status.StartsWith("Not implemented", StringComparison.Ordinal))
            return new ArgumentException(message);
        return new RocksDbException(message);
    }
}
