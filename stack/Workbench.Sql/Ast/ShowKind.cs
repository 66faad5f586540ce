namespace Workbench.Sql.Ast;

public enum ShowKind
{
    Databases,
    Tables,
    CreateTable,
    Variables,
    Warnings,
    Columns,
    Index,
    Status,
    Engines,
    CreateDatabase,
    Processlist,
    Collation,
    CharacterSet,
}
