namespace Workbench.Storage.Errors;

/// <summary>The engine cannot run on this machine (for example a native library is missing); the message says what to install.</summary>
public class EngineUnavailableException : StorageException
{
    /// <summary>An unavailable-engine error without a message (tooling use).</summary>
    public EngineUnavailableException() { }
    /// <summary>The engine cannot run here; <paramref name="message"/> says what is missing (e.g. a native library).</summary>
    public EngineUnavailableException(string message) : base(message) { }
    /// <summary>As above, wrapping the load failure.</summary>
    public EngineUnavailableException(string message, Exception inner) : base(message, inner) { }
}
