namespace Workbench.Storage.Errors;

/// <summary>Base of every typed failure an engine reports.</summary>
public class StorageException : Exception
{
    /// <summary>A storage error without a message (tooling use).</summary>
    public StorageException() { }
    /// <summary>A storage error described by <paramref name="message"/>.</summary>
    public StorageException(string message) : base(message) { }
    /// <summary>A storage error wrapping its cause.</summary>
    public StorageException(string message, Exception inner) : base(message, inner) { }
}
