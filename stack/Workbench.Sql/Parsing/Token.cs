namespace Workbench.Sql.Parsing;

/// <summary>One token: its class, its text (unquoted and unescaped for strings and quoted names), and where it starts.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, int Line)
{
    public bool Is(string keyword) => (Kind == TokenKind.Identifier || Kind == TokenKind.Symbol) && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
    public override string ToString() => Kind == TokenKind.End ? "end of input" : Text;
}
