namespace Workbench.Sql.Protocol;

[Flags]
internal enum ServerStatus : ushort
{
    None = 0,
    InTransaction = 1,
    Autocommit = 2,
    MoreResultsExist = 8,
}
