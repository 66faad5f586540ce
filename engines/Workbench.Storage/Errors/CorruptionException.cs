namespace Workbench.Storage.Errors;

/// <summary>
/// Stored data failed a check (checksum mismatch, bad magic, impossible length). Carries the file
/// and offset so an engineer can find the bad bytes. Reading corrupt data must raise this, never
/// return wrong data.
/// </summary>
public class CorruptionException : StorageException
{
    /// <summary>A corruption error without a message (tooling use; engines use the file/offset constructor).</summary>
    public CorruptionException() { }
    /// <summary>A corruption error described by <paramref name="message"/> when no file offset applies.</summary>
    public CorruptionException(string message) : base(message) { }
    /// <summary>A corruption error wrapping the exception that revealed it.</summary>
    public CorruptionException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Corruption found in <paramref name="file"/> at byte <paramref name="offset"/>, described by <paramref name="detail"/>; the message names all three.</summary>
    public CorruptionException(string file, long offset, string detail)
        : base($"corruption in {file} at offset {offset}: {detail}")
    {
        File = file;
        Offset = offset;
    }

    /// <summary>Path of the file holding the bad bytes; null when not file-specific.</summary>
    public string? File { get; }
    /// <summary>Byte offset of the bad bytes in <see cref="File"/>; -1 when unknown.</summary>
    public long Offset { get; } = -1;
}
