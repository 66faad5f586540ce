namespace Workbench.Storage.Errors;

/// <summary>An engine config names an unknown engine or option, or an option has a bad value. The message names it.</summary>
public class EngineConfigException : StorageException
{
    public EngineConfigException() { }
    public EngineConfigException(string message) : base(message) { }
    public EngineConfigException(string message, Exception inner) : base(message, inner) { }
}
