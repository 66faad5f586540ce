namespace Workbench.Storage.Errors;

/// <summary>The engine cannot run on this machine (for example a native library is missing); the message says what to install.</summary>
public class EngineUnavailableException : StorageException
{
    public EngineUnavailableException() { }
    public EngineUnavailableException(string message) : base(message) { }
    public EngineUnavailableException(string message, Exception inner) : base(message, inner) { }
}
