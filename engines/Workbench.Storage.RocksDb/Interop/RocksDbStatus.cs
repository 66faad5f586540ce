using System.Runtime.InteropServices;
using RocksDbSharp;
using Workbench.Storage.Errors;
using RocksDbException = Workbench.Storage.RocksDb.Errors.RocksDbException;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// Turns the <c>char** errptr</c> of a librocksdb call (or a <see cref="RocksDbSharp.RocksDbException"/>
/// of the package's managed API, whose message is the same text) into a typed exception. The text
/// is RocksDB's <c>Status::ToString()</c>, whose prefix names the status code ("Corruption: ",
/// "IO error: ", "Invalid argument: ", ...). Stateless; thread-safe.
/// </summary>
internal static class RocksDbStatus
{
    /// <summary>errno ENOSPC on Linux: the HResult of the inner <see cref="IOException"/> of a full disk, as .NET's own file APIs give it.</summary>
    internal const int NoSpaceHResult = 28;

    /// <summary>Frees <paramref name="errptr"/> (if set) and throws the exception its message maps to.</summary>
    internal static void ThrowIfError(nint errptr, string operation)
    {
        if (errptr == 0) return;
        throw ToException(TakeString(errptr) ?? "unknown error", operation);
    }

    /// <summary>
    /// Like <see cref="ThrowIfError"/>, for a call that reads a file the DB itself names (the
    /// MANIFEST that CURRENT names, an SST or blob file of the current version): there a missing
    /// file, which RocksDB reports as "IO error: No such file or directory", is a damaged database,
    /// so it becomes a <see cref="CorruptionException"/> (the message names the file).
    /// </summary>
    internal static void ThrowIfErrorMissingIsCorruption(nint errptr, string operation)
    {
        if (errptr == 0) return;
        var status = TakeString(errptr) ?? "unknown error";
        if (status.StartsWith("IO error: No such file or directory", StringComparison.Ordinal))
            throw new CorruptionException($"rocksdb {operation} failed: a file the database names is missing: {status}");
        throw ToException(status, operation);
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
            Native.Instance.rocksdb_free(ptr);
        }
    }

    /// <summary>The typed exception of an error the package's managed API threw.</summary>
    internal static Exception FromManaged(RocksDbSharp.RocksDbException e, string operation) => ToException(e.Message, operation, e);

    /// <summary>Maps a RocksDB status message to the contract's exception types.</summary>
    internal static Exception ToException(string status, string operation, Exception? cause = null)
    {
        var message = $"rocksdb {operation} failed: {status}";
        if (status.StartsWith("Corruption", StringComparison.Ordinal)) return cause is null ? new CorruptionException(message) : new CorruptionException(message, cause);
        if (status.StartsWith("IO error", StringComparison.Ordinal))
        {
            // RocksDB's NoSpace subcode prints as "IO error: No space left on device: ...".
            var io = status.Contains("No space left on device", StringComparison.Ordinal)
                ? new IOException(status, NoSpaceHResult)
                : new IOException(status, cause);
            return new StorageIOException(message, io);
        }
        if (status.StartsWith("Invalid argument", StringComparison.Ordinal) || status.StartsWith("Not implemented", StringComparison.Ordinal))
            return cause is null ? new ArgumentException(message) : new ArgumentException(message, cause);
        return cause is null ? new RocksDbException(message) : new RocksDbException(message, cause);
    }
}
