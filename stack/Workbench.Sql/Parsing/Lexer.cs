using System.Text;

namespace Workbench.Sql.Parsing;

/// <summary>
/// MySQL lexer: names (bare or `back-quoted`), numbers, 'strings' and "strings" with backslash
/// escapes and doubled quotes, `?` parameters, @user and @@system variables, operators; comments
/// `-- `, `#`, `/* */` are skipped, and the body of an executable comment `/*! … */` (with an
/// optional version number) is lexed as ordinary text, as MySQL does.
/// </summary>
internal sealed class Lexer
{
    private readonly string _sql;
    private int _pos;
    private int _line = 1;
    private int _openExecutableComments;
    private int _parameters;

    public Lexer(string sql) => _sql = sql ?? throw new ArgumentNullException(nameof(sql));

    public static List<Token> Tokenize(string sql, out int parameterCount)
    {
        var lexer = new Lexer(sql);
        var list = new List<Token>();
        while (true)
        {
            var t = lexer.Next();
            list.Add(t);
            if (t.Kind == TokenKind.End) break;
        }
        parameterCount = lexer._parameters;
        return list;
    }

    private char Peek(int ahead = 0) => _pos + ahead < _sql.Length ? _sql[_pos + ahead] : '\0';

    private Token Next()
    {
        SkipSpaceAndComments();
        int start = _pos;
        if (_pos >= _sql.Length) return new Token(TokenKind.End, "", start, _line);
        char c = _sql[_pos];
        if (char.IsAsciiLetter(c) || c == '_' || c == '$' || c > 127)
        {
            // x'..' and b'..' literals are not in the dialect; a leading digit name is handled in numbers.
            while (_pos < _sql.Length && IsNameChar(_sql[_pos])) _pos++;
            return new Token(TokenKind.Identifier, _sql[start.._pos], start, _line);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1)))) return Number(start);
        switch (c)
        {
            case '`':
                return Quoted(start, '`', TokenKind.QuotedIdentifier);
            case '\'':
            case '"':
                return Quoted(start, c, TokenKind.String);
            case '?':
                _pos++;
                return new Token(TokenKind.Parameter, (_parameters++).ToString(System.Globalization.CultureInfo.InvariantCulture), start, _line);
            case '@':
            {
                bool system = Peek(1) == '@';
                _pos += system ? 2 : 1;
                if (Peek() == '`') { var q = Quoted(_pos, '`', TokenKind.QuotedIdentifier); return new Token(system ? TokenKind.SystemVariable : TokenKind.UserVariable, q.Text, start, _line); }
                int s = _pos;
                while (_pos < _sql.Length && (IsNameChar(_sql[_pos]) || _sql[_pos] == '.')) _pos++;
                if (_pos == s) throw SqlException.Syntax(_sql, new Token(TokenKind.Symbol, "@", start, _line), "a variable name");
                return new Token(system ? TokenKind.SystemVariable : TokenKind.UserVariable, _sql[s.._pos], start, _line);
            }
        }
        string[] two = ["<=>", "<=", ">=", "<>", "!=", "||", "&&", ":=", "<<", ">>"];
        foreach (var op in two)
        {
            if (string.CompareOrdinal(_sql, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return new Token(TokenKind.Symbol, op, start, _line);
            }
        }
        if ("()[],;.=<>+-*/%!~^&|{}:".Contains(c, StringComparison.Ordinal))
        {
            _pos++;
            return new Token(TokenKind.Symbol, c.ToString(), start, _line);
        }
        throw SqlException.Syntax(_sql, new Token(TokenKind.Symbol, c.ToString(), start, _line));
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c > 127;

    private Token Number(int start)
    {
        bool dot = false, exp = false;
        if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X') && Uri.IsHexDigit(Peek(2)))
        {
            _pos += 2;
            while (Uri.IsHexDigit(Peek())) _pos++;
            var hex = Convert.ToInt64(_sql[(start + 2).._pos], 16);
            return new Token(TokenKind.Integer, hex.ToString(System.Globalization.CultureInfo.InvariantCulture), start, _line);
        }
        while (_pos < _sql.Length)
        {
            char c = _sql[_pos];
            if (char.IsAsciiDigit(c)) { _pos++; continue; }
            if (c == '.' && !dot && !exp) { dot = true; _pos++; continue; }
            if ((c == 'e' || c == 'E') && !exp && (char.IsAsciiDigit(Peek(1)) || ((Peek(1) == '-' || Peek(1) == '+') && char.IsAsciiDigit(Peek(2)))))
            {
                exp = true; _pos += 2; continue;
            }
            break;
        }
        // "1abc" is a name in MySQL; keep it simple and reject it.
        if (_pos < _sql.Length && (char.IsAsciiLetter(_sql[_pos]) || _sql[_pos] == '_'))
            throw SqlException.Syntax(_sql, new Token(TokenKind.Symbol, _sql[start..(_pos + 1)], start, _line));
        var kind = exp ? TokenKind.Float : dot ? TokenKind.Decimal : TokenKind.Integer;
        return new Token(kind, _sql[start.._pos], start, _line);
    }

    private Token Quoted(int start, char quote, TokenKind kind)
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _sql.Length) throw SqlException.Syntax(_sql, new Token(TokenKind.Symbol, quote.ToString(), start, _line), $"a closing {quote}");
            char c = _sql[_pos++];
            if (c == quote)
            {
                if (Peek() == quote) { sb.Append(quote); _pos++; continue; }
                break;
            }
            if (c == '\n') _line++;
            if (c == '\\' && kind == TokenKind.String && _pos < _sql.Length)
            {
                char e = _sql[_pos++];
                sb.Append(e switch
                {
                    'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', 'b' => '\b', 'Z' => '\u001A',
                    _ => e,
                });
                continue;
            }
            sb.Append(c);
        }
        return new Token(kind, sb.ToString(), start, _line);
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < _sql.Length)
        {
            char c = _sql[_pos];
            if (c == '\n') { _line++; _pos++; continue; }
            if (char.IsWhiteSpace(c)) { _pos++; continue; }
            if (c == '#' || (c == '-' && Peek(1) == '-' && (Peek(2) is ' ' or '\t' or '\n' or '\r' or '\0')))
            {
                while (_pos < _sql.Length && _sql[_pos] != '\n') _pos++;
                continue;
            }
            if (c == '/' && Peek(1) == '*')
            {
                if (Peek(2) == '!')
                {
                    _pos += 3;
                    while (char.IsAsciiDigit(Peek())) _pos++;
                    _openExecutableComments++;
                    continue;
                }
                int end = _sql.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0) throw SqlException.Syntax(_sql, new Token(TokenKind.Symbol, "/*", _pos, _line), "*/ closing the comment");
                for (int i = _pos; i < end; i++) if (_sql[i] == '\n') _line++;
                _pos = end + 2;
                continue;
            }
            if (c == '*' && Peek(1) == '/' && _openExecutableComments > 0)
            {
                _openExecutableComments--;
                _pos += 2;
                continue;
            }
            break;
        }
    }
}
