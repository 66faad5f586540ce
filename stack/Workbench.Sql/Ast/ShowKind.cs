namespace Workbench.Sql.Ast;

internal enum ShowKind
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
