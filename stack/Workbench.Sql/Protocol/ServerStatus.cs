namespace Workbench.Sql.Protocol;

[Flags]
public enum ServerStatus : ushort
{
    None = 0,
    InTransaction = 1,
    Autocommit = 2,
    MoreResultsExist = 8,
}
