using System.Globalization;
using Workbench.Sql.Ast;
using Workbench.Sql.Catalog;
using Workbench.Sql.Values;

namespace Workbench.Sql.Parsing;

/// <summary>
/// Recursive-descent parser for the dialect (DESIGN.md §5.4). <see cref="ParseScript"/> splits a
/// COM_QUERY text into statements at top-level semicolons. Errors are <see cref="SqlException"/>
/// 1064 naming the position and the token met.
/// </summary>
internal sealed class Parser
{
    private readonly string _sql;
    private readonly List<Token> _tokens;
    private int _i;
    private int _statementStart;

    public int ParameterCount { get; }

    public Parser(string sql)
    {
        _sql = sql ?? throw new ArgumentNullException(nameof(sql));
        _tokens = Lexer.Tokenize(sql, out int n);
        ParameterCount = n;
    }

    public static List<Statement> ParseScript(string sql)
    {
        var p = new Parser(sql);
        var list = new List<Statement>();
        while (true)
        {
            while (p.Accept(";")) { }
            if (p.Cur.Kind == TokenKind.End) break;
            list.Add(p.ParseOne());
            if (p.Cur.Kind != TokenKind.End) p.Expect(";");
        }
        return list;
    }

    /// <summary>Parses exactly one statement (a trailing semicolon is allowed), as COM_STMT_PREPARE needs.</summary>
    public static Statement ParseSingle(string sql, out int parameterCount)
    {
        var p = new Parser(sql);
        parameterCount = p.ParameterCount;
        while (p.Accept(";")) { }
        if (p.Cur.Kind == TokenKind.End) throw new SqlException(1065, "42000", "Query was empty");
        var s = p.ParseOne();
        while (p.Accept(";")) { }
        if (p.Cur.Kind != TokenKind.End) throw SqlException.Syntax(sql, p.Cur, "end of statement");
        return s;
    }

    private Token Cur => _tokens[_i];
    private Token PeekAt(int n) => _tokens[Math.Min(_i + n, _tokens.Count - 1)];
    private Token Advance() => _tokens[_i++ < _tokens.Count - 1 ? _i - 1 : _tokens.Count - 1];

    private bool Accept(string word)
    {
        if (Cur.Is(word)) { _i++; return true; }
        return false;
    }

    private bool AcceptSeq(params string[] words)
    {
        for (int k = 0; k < words.Length; k++) if (!PeekAt(k).Is(words[k])) return false;
        _i += words.Length;
        return true;
    }

    private void Expect(string word)
    {
        if (!Accept(word)) throw Error(word.Length == 1 ? $"'{word}'" : word.ToUpperInvariant());
    }

    private SqlException Error(string? expected = null) => SqlException.Syntax(_sql, Cur, expected);

    private Statement ParseOne()
    {
        _statementStart = Cur.Position;
        var s = ParseStatement();
        int end = Cur.Kind == TokenKind.End ? _sql.Length : Cur.Position;
        s.Text = _sql[_statementStart..end].Trim();
        return s;
    }

    private Statement ParseStatement()
    {
        var t = Cur;
        if (t.Kind != TokenKind.Identifier)
        {
            if (t.Is("(")) return ParseSelect();
            throw Error("a statement");
        }
        switch (t.Text.ToUpperInvariant())
        {
            case "SELECT": return ParseSelect();
            case "INSERT": _i++; return ParseInsert(false);
            case "REPLACE": _i++; return ParseInsert(true);
            case "UPDATE": return ParseUpdate();
            case "DELETE": return ParseDelete();
            case "CREATE": return ParseCreate();
            case "DROP": return ParseDrop();
            case "TRUNCATE":
                _i++; Accept("TABLE");
                return new TruncateStatement { Table = ParseTableName() };
            case "USE":
                _i++;
                return new DatabaseStatement { Action = DatabaseAction.Use, Name = ParseName() };
            case "BEGIN":
                _i++; Accept("WORK");
                return new TransactionStatement { Action = TransactionAction.Begin };
            case "START":
                _i++; Expect("TRANSACTION");
                while (Accept("READ") || Accept("WITH"))
                {
                    if (!(Accept("ONLY") || Accept("WRITE") || AcceptSeq("CONSISTENT", "SNAPSHOT"))) throw Error("ONLY, WRITE or CONSISTENT SNAPSHOT");
                    Accept(",");
                }
                return new TransactionStatement { Action = TransactionAction.Begin };
            case "COMMIT":
                _i++; Accept("WORK");
                return new TransactionStatement { Action = TransactionAction.Commit };
            case "ROLLBACK":
                _i++; Accept("WORK");
                return new TransactionStatement { Action = TransactionAction.Rollback };
            case "SET": return ParseSet();
            case "SHOW": return ParseShow();
            case "EXPLAIN":
            case "DESCRIBE":
            case "DESC":
                _i++;
                if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !IsStatementStart(Cur))
                    return new ShowStatement { Kind = ShowKind.Columns, Table = ParseTableName() };
                Accept("FORMAT"); if (Accept("=")) _i++;
                return new ExplainStatement { Inner = ParseStatement() };
            case "ANALYZE":
            case "OPTIMIZE":
                _i++; Expect("TABLE");
                ParseTableName();
                while (Accept(",")) ParseTableName();
                return new NoOpStatement(t.Text.ToUpperInvariant() + " TABLE");
            case "LOCK":
            case "UNLOCK":
            case "FLUSH":
            case "DO":
                // Accepted without effect: skip to the end of the statement.
                while (Cur.Kind != TokenKind.End && !Cur.Is(";")) _i++;
                return new NoOpStatement(t.Text.ToUpperInvariant());
            default:
                throw Error("a statement");
        }
    }

    private static bool IsStatementStart(Token t) =>
        t.Is("SELECT") || t.Is("INSERT") || t.Is("UPDATE") || t.Is("DELETE") || t.Is("REPLACE") || t.Is("FORMAT");

    // ---- names ----

    private string ParseName()
    {
        var t = Cur;
        if (t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier) { _i++; return t.Text; }
        if (t.Kind == TokenKind.String) { _i++; return t.Text; }
        throw Error("a name");
    }

    private TableName ParseTableName()
    {
        string first = ParseName();
        if (Cur.Is(".") && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            _i++;
            return new TableName(first, ParseName());
        }
        return new TableName(null, first);
    }

    // ---- SELECT ----

    private SelectStatement ParseSelect()
    {
        if (Accept("("))
        {
            var inner = ParseSelect();
            Expect(")");
            return inner;
        }
        Expect("SELECT");
        var s = new SelectStatement();
        while (true)
        {
            if (Accept("DISTINCT") || Accept("DISTINCTROW")) { s.Distinct = true; continue; }
            if (Accept("ALL") || Accept("SQL_NO_CACHE") || Accept("SQL_CACHE") || Accept("SQL_CALC_FOUND_ROWS") || Accept("STRAIGHT_JOIN") || Accept("HIGH_PRIORITY")) continue;
            break;
        }
        do
        {
            int start = Cur.Position;
            if (Accept("*")) { s.Items.Add(new SelectItem(null, null, true, "*")); continue; }
            if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && PeekAt(1).Is(".") && PeekAt(2).Is("*"))
            {
                _i += 3;
                s.Items.Add(new SelectItem(null, null, true, "*"));
                continue;
            }
            var e = ParseExpr();
            string text = _sql[start..Cur.Position].Trim();
            if (Cur.Kind == TokenKind.End) text = _sql[start..].Trim();
            string? alias = null;
            if (Accept("AS")) alias = ParseName();
            else if (Cur.Kind is TokenKind.QuotedIdentifier or TokenKind.String || (Cur.Kind == TokenKind.Identifier && !IsReservedAfterExpr(Cur))) alias = ParseName();
            s.Items.Add(new SelectItem(e, alias, false, text));
        } while (Accept(","));

        if (Accept("FROM"))
        {
            if (AcceptSeq("DUAL")) { }
            else
            {
                s.From = ParseTableName();
                if (Accept("AS")) s.FromAlias = ParseName();
                else if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !IsReservedAfterExpr(Cur)) s.FromAlias = ParseName();
                if (Cur.Is(",") || Cur.Is("JOIN")) throw SqlException.Unsupported("joins");
                // Index hints are accepted and ignored.
                while (Cur.Is("FORCE") || Cur.Is("USE") || Cur.Is("IGNORE"))
                {
                    _i++;
                    if (!(Accept("INDEX") || Accept("KEY"))) throw Error("INDEX");
                    Expect("(");
                    while (!Accept(")")) { if (Cur.Kind == TokenKind.End) throw Error("')'"); _i++; }
                }
            }
        }
        if (Accept("WHERE")) s.Where = ParseExpr();
        if (AcceptSeq("GROUP", "BY"))
        {
            do { s.GroupBy.Add(ParseExpr()); Accept("ASC"); Accept("DESC"); } while (Accept(","));
        }
        if (Accept("HAVING")) s.Having = ParseExpr();
        if (AcceptSeq("ORDER", "BY")) ParseOrderList(s.OrderBy);
        if (Accept("LIMIT")) ParseLimit(out var limit, out var offset, s);
        if (AcceptSeq("FOR", "UPDATE")) s.ForUpdate = true;
        else if (AcceptSeq("LOCK", "IN", "SHARE", "MODE")) { }
        return s;
    }

    private void ParseLimit(out Expr? limit, out Expr? offset, SelectStatement s)
    {
        var first = ParseLimitValue();
        if (Accept(","))
        {
            s.Offset = first; s.Limit = ParseLimitValue();
        }
        else if (Accept("OFFSET"))
        {
            s.Limit = first; s.Offset = ParseLimitValue();
        }
        else s.Limit = first;
        limit = s.Limit; offset = s.Offset;
    }

    private Expr ParseLimitValue()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Integer) { _i++; return new Literal(SqlValue.FromInt(long.Parse(t.Text, CultureInfo.InvariantCulture))); }
        if (t.Kind == TokenKind.Parameter) { _i++; return new Parameter(int.Parse(t.Text, CultureInfo.InvariantCulture)); }
        throw Error("a number");
    }

    private void ParseOrderList(List<OrderItem> into)
    {
        do
        {
            var e = ParseExpr();
            bool desc = false;
            if (Accept("DESC")) desc = true; else Accept("ASC");
            into.Add(new OrderItem(e, desc));
        } while (Accept(","));
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "FOR", "LOCK", "UNION", "INTO", "ON", "JOIN",
        "INNER", "LEFT", "RIGHT", "AND", "OR", "NOT", "AS", "ASC", "DESC", "SET", "VALUES", "OFFSET", "FORCE", "USE", "IGNORE",
        "BETWEEN", "IN", "IS", "LIKE", "XOR", "DIV", "MOD", "ELSE", "THEN", "WHEN", "END",
    };

    private static bool IsReservedAfterExpr(Token t) => Reserved.Contains(t.Text);

    // ---- INSERT / UPDATE / DELETE ----

    private InsertStatement ParseInsert(bool replace)
    {
        bool ignore = false;
        while (Accept("LOW_PRIORITY") || Accept("DELAYED") || Accept("HIGH_PRIORITY")) { }
        if (Accept("IGNORE")) ignore = true;
        Accept("INTO");
        var s = new InsertStatement { Table = ParseTableName(), Replace = replace, Ignore = ignore };
        if (Cur.Is("(") && !PeekAt(1).Is("SELECT"))
        {
            _i++;
            if (!Accept(")"))
            {
                do s.Columns.Add(ParseName()); while (Accept(","));
                Expect(")");
            }
        }
        if (Accept("VALUES") || Accept("VALUE"))
        {
            do
            {
                Expect("(");
                var row = new List<Expr>();
                if (!Accept(")"))
                {
                    do row.Add(Accept("DEFAULT") ? new FunctionCall("DEFAULT", [], false, false) : ParseExpr()); while (Accept(","));
                    Expect(")");
                }
                s.Rows.Add(row);
            } while (Accept(","));
        }
        else if (Accept("SET"))
        {
            var row = new List<Expr>();
            do
            {
                s.Columns.Add(ParseName());
                Expect("=");
                row.Add(ParseExpr());
            } while (Accept(","));
            s.Rows.Add(row);
        }
        else if (Cur.Is("SELECT")) throw SqlException.Unsupported("INSERT ... SELECT");
        else throw Error("VALUES");
        if (AcceptSeq("ON", "DUPLICATE"))
        {
            Expect("KEY");
            Expect("UPDATE");
            if (replace) throw Error("end of statement (REPLACE takes no ON DUPLICATE KEY UPDATE)");
            ParseAssignments(s.OnDuplicate);
        }
        return s;
    }

    private UpdateStatement ParseUpdate()
    {
        Expect("UPDATE");
        Accept("LOW_PRIORITY"); Accept("IGNORE");
        var s = new UpdateStatement { Table = ParseTableName() };
        if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !Cur.Is("SET")) ParseName();
        Expect("SET");
        ParseAssignments(s.Assignments);
        if (Accept("WHERE")) s.Where = ParseExpr();
        if (AcceptSeq("ORDER", "BY")) ParseOrderList(s.OrderBy);
        if (Accept("LIMIT")) s.Limit = ParseLimitValue();
        return s;
    }

    /// <summary>`col = expr [, col = expr …]` (UPDATE … SET and INSERT … ON DUPLICATE KEY UPDATE); `t.col` names the column.</summary>
    private void ParseAssignments(List<Assignment> into)
    {
        do
        {
            string col = ParseName();
            if (Accept(".")) col = ParseName();
            Expect("=");
            into.Add(new Assignment(col, Accept("DEFAULT") ? new FunctionCall("DEFAULT", [], false, false) : ParseExpr()));
        } while (Accept(","));
    }

    private DeleteStatement ParseDelete()
    {
        Expect("DELETE");
        Accept("LOW_PRIORITY"); Accept("QUICK"); Accept("IGNORE");
        Expect("FROM");
        var s = new DeleteStatement { Table = ParseTableName() };
        if (Accept("WHERE")) s.Where = ParseExpr();
        if (AcceptSeq("ORDER", "BY")) ParseOrderList(s.OrderBy);
        if (Accept("LIMIT")) s.Limit = ParseLimitValue();
        return s;
    }

    // ---- DDL ----

    private Statement ParseCreate()
    {
        Expect("CREATE");
        if (Accept("DATABASE") || Accept("SCHEMA"))
        {
            bool ine = AcceptSeq("IF", "NOT", "EXISTS");
            var name = ParseName();
            SkipTableOptions();
            return new DatabaseStatement { Action = DatabaseAction.Create, Name = name, IfClause = ine };
        }
        bool unique = Accept("UNIQUE");
        if (Accept("INDEX") || Accept("KEY"))
        {
            var name = ParseName();
            SkipIndexType();
            Expect("ON");
            var s = new CreateIndexStatement { Name = name, Table = ParseTableName(), Unique = unique };
            s.Columns.AddRange(ParseIndexColumns());
            SkipIndexType();
            return s;
        }
        if (unique) throw Error("INDEX");
        Accept("TEMPORARY");
        Expect("TABLE");
        bool ifNotExists = AcceptSeq("IF", "NOT", "EXISTS");
        var ct = new CreateTableStatement { Table = ParseTableName(), IfNotExists = ifNotExists };
        if (Cur.Is("LIKE")) throw SqlException.Unsupported("CREATE TABLE ... LIKE");
        Expect("(");
        do
        {
            if (Cur.Is("PRIMARY"))
            {
                _i++; Expect("KEY");
                if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !Cur.Is("USING")) ParseName();
                SkipIndexType();
                ct.Indexes.Add(new IndexDefinition("PRIMARY", true, true, ParseIndexColumns()));
                SkipIndexType();
            }
            else if (Cur.Is("UNIQUE") || Cur.Is("KEY") || Cur.Is("INDEX"))
            {
                bool u = Accept("UNIQUE");
                if (!Accept("KEY")) Accept("INDEX");
                string? name = null;
                if (!Cur.Is("(") && !Cur.Is("USING")) name = ParseName();
                SkipIndexType();
                ct.Indexes.Add(new IndexDefinition(name, false, u, ParseIndexColumns()));
                SkipIndexType();
            }
            else if (Cur.Is("CONSTRAINT") || Cur.Is("FOREIGN") || Cur.Is("FULLTEXT") || Cur.Is("CHECK"))
                throw SqlException.Unsupported(Cur.Text.ToUpperInvariant());
            else ct.Columns.Add(ParseColumnDefinition());
        } while (Accept(","));
        Expect(")");
        SkipTableOptions();
        return ct;
    }

    private void SkipIndexType()
    {
        while (Accept("USING")) { if (!(Accept("BTREE") || Accept("HASH"))) throw Error("BTREE or HASH"); }
        while (Accept("COMMENT")) { if (Cur.Kind != TokenKind.String) throw Error("a string"); _i++; }
    }

    private List<string> ParseIndexColumns()
    {
        Expect("(");
        var cols = new List<string>();
        do
        {
            cols.Add(ParseName());
            if (Accept("(")) { ParseLimitValue(); Expect(")"); }
            if (!Accept("ASC")) Accept("DESC");
        } while (Accept(","));
        Expect(")");
        return cols;
    }

    /// <summary>ENGINE=x, DEFAULT CHARSET=x, COLLATE x, AUTO_INCREMENT=n, COMMENT='…', … accepted and ignored.</summary>
    private void SkipTableOptions()
    {
        while (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier || Cur.Is(","))
        {
            if (Accept(",")) continue;
            Accept("DEFAULT");
            if (AcceptSeq("CHARACTER", "SET") || Accept("CHARSET") || Accept("COLLATE") || Accept("ENGINE") || Accept("AUTO_INCREMENT")
                || Accept("COMMENT") || Accept("ROW_FORMAT") || Accept("KEY_BLOCK_SIZE") || Accept("MAX_ROWS") || Accept("MIN_ROWS")
                || Accept("AVG_ROW_LENGTH") || Accept("PACK_KEYS") || Accept("STATS_PERSISTENT") || Accept("CHECKSUM") || Accept("ENCRYPTION") || Accept("COMPRESSION"))
            {
                Accept("=");
                if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.String or TokenKind.Integer) { _i++; continue; }
                throw Error("an option value");
            }
            throw Error("a table option");
        }
    }

    private ColumnDefinition ParseColumnDefinition()
    {
        var c = new ColumnDefinition { Name = ParseName() };
        var typeToken = Cur;
        string type = ParseName().ToUpperInvariant();
        switch (type)
        {
            case "TINYINT": case "BOOL": case "BOOLEAN": c.Type = SqlTypeKind.TinyInt; c.Length = 4; break;
            case "SMALLINT": c.Type = SqlTypeKind.SmallInt; c.Length = 6; break;
            case "MEDIUMINT": case "INT": case "INTEGER": c.Type = SqlTypeKind.Int; c.Length = 11; break;
            case "BIGINT": c.Type = SqlTypeKind.BigInt; c.Length = 20; break;
            case "DOUBLE": case "FLOAT": case "REAL": c.Type = SqlTypeKind.Double; c.Length = 22; Accept("PRECISION"); break;
            case "DECIMAL": case "NUMERIC": case "DEC": c.Type = SqlTypeKind.Decimal; c.Length = 10; c.Scale = 0; break;
            case "CHAR": c.Type = SqlTypeKind.Char; c.Length = 1; break;
            case "VARCHAR": c.Type = SqlTypeKind.VarChar; c.Length = -1; break;
            case "TEXT": case "TINYTEXT": case "MEDIUMTEXT": case "LONGTEXT": c.Type = SqlTypeKind.Text; c.Length = 65535; break;
            case "BLOB": case "TINYBLOB": case "MEDIUMBLOB": case "LONGBLOB": case "VARBINARY": case "BINARY": c.Type = SqlTypeKind.Blob; c.Length = 65535; break;
            default: throw SqlException.Syntax(_sql, typeToken, "a column type");
        }
        if (Accept("("))
        {
            c.Length = (int)ParseInt();
            if (Accept(",")) c.Scale = (int)ParseInt();
            Expect(")");
            if (c.Type == SqlTypeKind.Decimal && (c.Length < 1 || c.Length > 65 || c.Scale > 30 || c.Scale > c.Length))
                throw new SqlException(1426, "42000", $"Invalid decimal({c.Length},{c.Scale}) for column '{c.Name}'");
        }
        if (c.Type == SqlTypeKind.VarChar && c.Length < 0) throw SqlException.Syntax(_sql, Cur, "'(' and a VARCHAR length");
        while (true)
        {
            if (Accept("UNSIGNED")) { c.Unsigned = true; continue; }
            if (Accept("SIGNED") || Accept("ZEROFILL") || Accept("BINARY")) continue;
            if (AcceptSeq("NOT", "NULL")) { c.NotNull = true; continue; }
            if (Accept("NULL")) continue;
            if (Accept("AUTO_INCREMENT")) { c.AutoIncrement = true; continue; }
            if (AcceptSeq("PRIMARY", "KEY")) { c.PrimaryKey = true; continue; }
            if (Accept("UNIQUE")) { Accept("KEY"); c.UniqueKey = true; continue; }
            if (Accept("KEY")) { c.PrimaryKey = true; continue; }
            if (AcceptSeq("CHARACTER", "SET") || Accept("CHARSET") || Accept("COLLATE")) { Accept("="); ParseName(); continue; }
            if (Accept("COMMENT")) { if (Cur.Kind != TokenKind.String) throw Error("a string"); _i++; continue; }
            if (Accept("DEFAULT"))
            {
                var t = Cur;
                if (Accept("NULL")) { c.DefaultIsNull = true; c.DefaultText = null; continue; }
                bool neg = Accept("-");
                t = Cur;
                if (t.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Decimal or TokenKind.Float) { _i++; c.DefaultText = (neg ? "-" : "") + t.Text; continue; }
                if (t.Is("CURRENT_TIMESTAMP")) throw SqlException.Unsupported("DEFAULT CURRENT_TIMESTAMP");
                throw Error("a default value");
            }
            break;
        }
        return c;
    }

    private long ParseInt()
    {
        var t = Cur;
        if (t.Kind != TokenKind.Integer) throw Error("a number");
        _i++;
        return long.Parse(t.Text, CultureInfo.InvariantCulture);
    }

    private Statement ParseDrop()
    {
        Expect("DROP");
        if (Accept("DATABASE") || Accept("SCHEMA"))
        {
            bool ie = AcceptSeq("IF", "EXISTS");
            return new DatabaseStatement { Action = DatabaseAction.Drop, Name = ParseName(), IfClause = ie };
        }
        if (Accept("INDEX")) throw SqlException.Unsupported("DROP INDEX");
        Accept("TEMPORARY");
        Expect("TABLE");
        var s = new DropTableStatement { IfExists = AcceptSeq("IF", "EXISTS") };
        do s.Tables.Add(ParseTableName()); while (Accept(","));
        if (!Accept("RESTRICT")) Accept("CASCADE");
        return s;
    }

    // ---- SET / SHOW ----

    private SetStatement ParseSet()
    {
        Expect("SET");
        var s = new SetStatement();
        if (Accept("NAMES") || AcceptSeq("CHARACTER", "SET") || Accept("CHARSET"))
        {
            var cs = Accept("DEFAULT") ? "utf8mb4" : ParseName();
            if (Accept("COLLATE")) ParseName();
            s.Assignments.Add(("names", false, new Literal(SqlValue.FromString(cs))));
            return s;
        }
        do
        {
            Accept("SESSION"); Accept("LOCAL");
            if (Accept("GLOBAL") || Accept("PERSIST")) { }
            if (Accept("TRANSACTION"))
            {
                // SET [SESSION] TRANSACTION ISOLATION LEVEL … | READ ONLY/WRITE: accepted (the store gives snapshot isolation).
                do
                {
                    if (AcceptSeq("ISOLATION", "LEVEL"))
                    {
                        if (!(AcceptSeq("REPEATABLE", "READ") || AcceptSeq("READ", "COMMITTED") || AcceptSeq("READ", "UNCOMMITTED") || Accept("SERIALIZABLE")))
                            throw Error("an isolation level");
                    }
                    else if (!(AcceptSeq("READ", "ONLY") || AcceptSeq("READ", "WRITE"))) throw Error("ISOLATION LEVEL or READ ONLY/WRITE");
                } while (Accept(","));
                s.Assignments.Add(("transaction", false, new Literal(SqlValue.Null)));
                return s;
            }
            var t = Cur;
            string name;
            bool user = false;
            if (t.Kind == TokenKind.SystemVariable) { _i++; name = StripScope(t.Text); }
            else if (t.Kind == TokenKind.UserVariable) { _i++; name = t.Text; user = true; }
            else name = ParseName();
            if (!Accept("=")) Expect(":=");
            Expr value;
            if (Cur.Kind == TokenKind.Identifier && (PeekAt(1).Is(",") || PeekAt(1).Is(";") || PeekAt(1).Kind == TokenKind.End) && !Cur.Is("NULL") && !Cur.Is("TRUE") && !Cur.Is("FALSE"))
                value = new Literal(SqlValue.FromString(Advance().Text)); // SET x = ON / DEFAULT / a bare word
            else value = ParseExpr();
            s.Assignments.Add((name.ToLowerInvariant(), user, value));
        } while (Accept(","));
        return s;
    }

    internal static string StripScope(string name)
    {
        foreach (var p in new[] { "session.", "global.", "local.", "persist." })
            if (name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) return name[p.Length..];
        return name;
    }

    private ShowStatement ParseShow()
    {
        Expect("SHOW");
        bool full = Accept("FULL");
        Accept("GLOBAL"); Accept("SESSION");
        if (Accept("DATABASES") || Accept("SCHEMAS")) return new ShowStatement { Kind = ShowKind.Databases, Like = ParseLike() };
        if (Accept("TABLES"))
        {
            string? db = null;
            if (Accept("FROM") || Accept("IN")) db = ParseName();
            return new ShowStatement { Kind = ShowKind.Tables, Database = db, Like = ParseLike(), Full = full };
        }
        if (AcceptSeq("CREATE", "TABLE")) return new ShowStatement { Kind = ShowKind.CreateTable, Table = ParseTableName() };
        if (AcceptSeq("CREATE", "DATABASE") || AcceptSeq("CREATE", "SCHEMA")) return new ShowStatement { Kind = ShowKind.CreateDatabase, Database = ParseName() };
        if (Accept("VARIABLES")) return new ShowStatement { Kind = ShowKind.Variables, Like = ParseLike() };
        if (Accept("STATUS")) return new ShowStatement { Kind = ShowKind.Status, Like = ParseLike() };
        if (Accept("WARNINGS") || Accept("ERRORS")) { if (Accept("LIMIT")) ParseLimitValue(); return new ShowStatement { Kind = ShowKind.Warnings }; }
        if (Accept("ENGINES")) return new ShowStatement { Kind = ShowKind.Engines };
        if (Accept("PROCESSLIST")) return new ShowStatement { Kind = ShowKind.Processlist };
        if (Accept("COLLATION")) return new ShowStatement { Kind = ShowKind.Collation, Like = ParseLike() };
        if (AcceptSeq("CHARACTER", "SET") || Accept("CHARSET")) return new ShowStatement { Kind = ShowKind.CharacterSet, Like = ParseLike() };
        if (Accept("COLUMNS") || Accept("FIELDS"))
        {
            if (!Accept("FROM")) Expect("IN");
            var t = ParseTableName();
            if (Accept("FROM") || Accept("IN")) t = new TableName(ParseName(), t.Name);
            return new ShowStatement { Kind = ShowKind.Columns, Table = t, Like = ParseLike(), Full = full };
        }
        if (Accept("INDEX") || Accept("INDEXES") || Accept("KEYS"))
        {
            if (!Accept("FROM")) Expect("IN");
            var t = ParseTableName();
            if (Accept("FROM") || Accept("IN")) t = new TableName(ParseName(), t.Name);
            return new ShowStatement { Kind = ShowKind.Index, Table = t };
        }
        throw Error("DATABASES, TABLES, CREATE TABLE, VARIABLES, STATUS, WARNINGS, COLUMNS or INDEX");
    }

    private string? ParseLike()
    {
        if (Accept("LIKE"))
        {
            if (Cur.Kind != TokenKind.String) throw Error("a string");
            return Advance().Text;
        }
        if (Accept("WHERE")) throw SqlException.Unsupported("SHOW ... WHERE");
        return null;
    }

    // ---- expressions (MySQL precedence: OR/|| < XOR < AND/&& < NOT < comparison < |,& < +,- < *,/,DIV,% < unary) ----

    public Expr ParseExpr() => ParseOr();

    private Expr ParseOr()
    {
        var l = ParseXor();
        while (Accept("OR") || Accept("||")) l = new Binary(BinaryOp.Or, l, ParseXor());
        return l;
    }

    private Expr ParseXor()
    {
        var l = ParseAnd();
        while (Accept("XOR")) l = new Binary(BinaryOp.Xor, l, ParseAnd());
        return l;
    }

    private Expr ParseAnd()
    {
        var l = ParseNot();
        while (Accept("AND") || Accept("&&")) l = new Binary(BinaryOp.And, l, ParseNot());
        return l;
    }

    private Expr ParseNot()
    {
        if (Accept("NOT")) return new Unary(UnaryOp.Not, ParseNot());
        return ParseComparison();
    }

    private Expr ParseComparison()
    {
        var l = ParseAdditive();
        while (true)
        {
            if (Accept("=")) { l = new Binary(BinaryOp.Equal, l, ParseAdditive()); continue; }
            if (Accept("<=>")) { l = new Binary(BinaryOp.NullSafeEqual, l, ParseAdditive()); continue; }
            if (Accept("<>") || Accept("!=")) { l = new Binary(BinaryOp.NotEqual, l, ParseAdditive()); continue; }
            if (Accept("<=")) { l = new Binary(BinaryOp.LessOrEqual, l, ParseAdditive()); continue; }
            if (Accept(">=")) { l = new Binary(BinaryOp.GreaterOrEqual, l, ParseAdditive()); continue; }
            if (Accept("<")) { l = new Binary(BinaryOp.Less, l, ParseAdditive()); continue; }
            if (Accept(">")) { l = new Binary(BinaryOp.Greater, l, ParseAdditive()); continue; }
            if (Accept("IS"))
            {
                bool not = Accept("NOT");
                if (Accept("NULL")) { l = new IsNull(l, not); continue; }
                if (Cur.Is("TRUE") || Cur.Is("FALSE")) throw SqlException.Unsupported("IS TRUE / IS FALSE");
                throw Error("NULL");
            }
            bool negated = false;
            int save = _i;
            if (Accept("NOT")) negated = true;
            if (Accept("BETWEEN"))
            {
                var lo = ParseAdditive();
                Expect("AND");
                var hi = ParseAdditive();
                l = new Between(l, lo, hi, negated);
                continue;
            }
            if (Accept("IN"))
            {
                Expect("(");
                if (Cur.Is("SELECT")) throw SqlException.Unsupported("subqueries");
                var items = new List<Expr>();
                do items.Add(ParseExpr()); while (Accept(","));
                Expect(")");
                l = new InList(l, items, negated);
                continue;
            }
            if (Accept("LIKE"))
            {
                var pattern = ParseAdditive();
                l = new Binary(BinaryOp.Like, l, pattern);
                if (negated) l = new Unary(UnaryOp.Not, l);
                continue;
            }
            _i = save;
            return l;
        }
    }

    private Expr ParseAdditive()
    {
        var l = ParseMultiplicative();
        while (true)
        {
            if (Accept("+")) l = new Binary(BinaryOp.Add, l, ParseMultiplicative());
            else if (Accept("-")) l = new Binary(BinaryOp.Subtract, l, ParseMultiplicative());
            else return l;
        }
    }

    private Expr ParseMultiplicative()
    {
        var l = ParseUnary();
        while (true)
        {
            if (Accept("*")) l = new Binary(BinaryOp.Multiply, l, ParseUnary());
            else if (Accept("/")) l = new Binary(BinaryOp.Divide, l, ParseUnary());
            else if (Accept("DIV")) l = new Binary(BinaryOp.IntDivide, l, ParseUnary());
            else if (Accept("%") || Accept("MOD")) l = new Binary(BinaryOp.Modulo, l, ParseUnary());
            else return l;
        }
    }

    private Expr ParseUnary()
    {
        if (Accept("-")) return new Unary(UnaryOp.Negate, ParseUnary());
        if (Accept("+")) return new Unary(UnaryOp.Plus, ParseUnary());
        if (Accept("!")) return new Unary(UnaryOp.Not, ParseUnary());
        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                _i++;
                if (long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return new Literal(SqlValue.FromInt(l));
                return new Literal(SqlValue.FromDecimal(decimal.Parse(t.Text, CultureInfo.InvariantCulture)));
            case TokenKind.Decimal:
                _i++;
                return new Literal(SqlValue.FromDecimal(decimal.Parse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture)));
            case TokenKind.Float:
                _i++;
                return new Literal(SqlValue.FromDouble(double.Parse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture)));
            case TokenKind.String:
                _i++;
                // Adjacent strings concatenate, as MySQL's 'a' 'b'.
                var str = t.Text;
                while (Cur.Kind == TokenKind.String) str += Advance().Text;
                return new Literal(SqlValue.FromString(str));
            case TokenKind.Parameter:
                _i++;
                return new Parameter(int.Parse(t.Text, CultureInfo.InvariantCulture));
            case TokenKind.SystemVariable:
                _i++;
                return new Variable(StripScope(t.Text).ToLowerInvariant(), true);
            case TokenKind.UserVariable:
                _i++;
                return new Variable(t.Text, false);
            case TokenKind.QuotedIdentifier:
                return ParseColumnOrCall();
            case TokenKind.Symbol when t.Text == "(":
            {
                _i++;
                if (Cur.Is("SELECT")) throw SqlException.Unsupported("subqueries");
                var e = ParseExpr();
                if (Cur.Is(",")) throw SqlException.Unsupported("row constructors");
                Expect(")");
                return e;
            }
            case TokenKind.Identifier:
                if (t.Is("NULL")) { _i++; return new Literal(SqlValue.Null); }
                if (t.Is("TRUE")) { _i++; return new Literal(SqlValue.FromInt(1)); }
                if (t.Is("FALSE")) { _i++; return new Literal(SqlValue.FromInt(0)); }
                if (t.Is("CASE")) return ParseCase();
                if ((t.Is("CURRENT_USER") || t.Is("CURRENT_TIMESTAMP") || t.Is("CURRENT_DATE")) && !PeekAt(1).Is("("))
                {
                    _i++;
                    return new FunctionCall(t.Text.ToUpperInvariant(), [], false, false);
                }
                if (Reserved.Contains(t.Text) && !PeekAt(1).Is("(")) throw Error("an expression");
                return ParseColumnOrCall();
            default:
                throw Error("an expression");
        }
    }

    private Expr ParseCase()
    {
        Expect("CASE");
        var args = new List<Expr>();
        Expr? subject = null;
        if (!Cur.Is("WHEN")) subject = ParseExpr();
        while (Accept("WHEN"))
        {
            var cond = ParseExpr();
            if (subject is not null) cond = new Binary(BinaryOp.Equal, subject, cond);
            Expect("THEN");
            args.Add(cond);
            args.Add(ParseExpr());
        }
        if (args.Count == 0) throw Error("WHEN");
        if (Accept("ELSE")) args.Add(ParseExpr());
        Expect("END");
        return new FunctionCall("CASE", args, false, false);
    }

    private Expr ParseColumnOrCall()
    {
        var nameToken = Advance();
        string name = nameToken.Text;
        if (nameToken.Kind == TokenKind.Identifier && Cur.Is("("))
        {
            _i++;
            string upper = name.ToUpperInvariant();
            if (Accept(")")) return new FunctionCall(upper, [], false, false);
            if (Cur.Is("*") && upper == "COUNT")
            {
                _i++; Expect(")");
                return new FunctionCall(upper, [], false, true);
            }
            bool distinct = Accept("DISTINCT");
            var args = new List<Expr>();
            do args.Add(ParseExpr()); while (Accept(","));
            Expect(")");
            return new FunctionCall(upper, args, distinct, false);
        }
        if (Cur.Is(".") && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            _i++;
            var col = Advance().Text;
            if (Cur.Is(".") && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
            {
                _i++;
                return new ColumnRef(col, Advance().Text); // db.table.column
            }
            return new ColumnRef(name, col);
        }
        return new ColumnRef(null, name);
    }
}
