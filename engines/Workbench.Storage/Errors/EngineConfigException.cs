namespace Workbench.Storage.Errors;

/// <summary>An engine config names an unknown engine or option, or an option has a bad value. The message names it.</summary>
public class EngineConfigException : StorageException
{
    /// <summary>A config error without a message (tooling use).</summary>
    public EngineConfigException() { }
    /// <summary>A config error; <paramref name="message"/> names the engine, option or value that is wrong and what is accepted.</summary>
    public EngineConfigException(string message) : base(message) { }
    /// <summary>A config error wrapping the parse failure that caused it.</summary>
    public EngineConfigException(string message, Exception inner) : base(message, inner) { }
}
