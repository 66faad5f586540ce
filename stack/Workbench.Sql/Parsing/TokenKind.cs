namespace Workbench.Sql.Parsing;

/// <summary>Lexical classes. Keywords are <see cref="Identifier"/>s; the parser compares their text (MySQL's keywords are context-dependent anyway).</summary>
internal enum TokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    Integer,
    Decimal,
    Float,
    String,
    Parameter,
    UserVariable,
    SystemVariable,
    Symbol,
}
