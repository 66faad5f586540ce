namespace Workbench.Sql.Protocol;

/// <summary>Command bytes of the command phase.</summary>
internal enum CommandCode : byte
{
    Quit = 0x01,
    InitDb = 0x02,
    Query = 0x03,
    FieldList = 0x04,
    Statistics = 0x09,
    Ping = 0x0E,
    StmtPrepare = 0x16,
    StmtExecute = 0x17,
    StmtSendLongData = 0x18,
    StmtClose = 0x19,
    StmtReset = 0x1A,
    SetOption = 0x1B,
    StmtFetch = 0x1C,
    ResetConnection = 0x1F,
}
