namespace Workbench.Storage.Errors;

/// <summary>
/// Stored data failed a check (checksum mismatch, bad magic, impossible length). Carries the file
/// and offset so an engineer can find the bad bytes. Reading corrupt data must raise this, never
/// return wrong data.
/// </summary>
public class CorruptionException : StorageException
{
    public CorruptionException() { }
    public CorruptionException(string message) : base(message) { }
    public CorruptionException(string message, Exception inner) : base(message, inner) { }

    public CorruptionException(string file, long offset, string detail)
        : base($"corruption in {file} at offset {offset}: {detail}")
    {
        File = file;
        Offset = offset;
    }

    public string? File { get; }
    public long Offset { get; } = -1;
}
