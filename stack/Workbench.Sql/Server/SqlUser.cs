namespace Workbench.Sql.Server;

/// <summary>An account: name, password (mysql_native_password), and the database a login without one lands in.</summary>
public sealed record SqlUser(string Name, string Password, string? Database = null);
