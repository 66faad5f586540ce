namespace Workbench.Storage.Errors;

/// <summary>Base of every typed failure an engine reports.</summary>
public class StorageException : Exception
{
    public StorageException() { }
    public StorageException(string message) : base(message) { }
    public StorageException(string message, Exception inner) : base(message, inner) { }
}
