namespace Workbench.Sql.Protocol;

/// <summary>A malformed or oversized packet: the connection gets an error and is closed; the server goes on.</summary>
internal sealed class ProtocolException : Exception
{
    public ProtocolException() : base("malformed packet") { }
    public ProtocolException(string message) : base(message) { }
    public ProtocolException(string message, Exception inner) : base(message, inner) { }
}
