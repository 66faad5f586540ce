using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

/// <summary>The system variables clients read (mariadb CLI, sysbench, connectors), with MySQL 8.0's defaults.</summary>
internal static class SystemVariables
{
    public static readonly IReadOnlyDictionary<string, SqlValue> Defaults = new Dictionary<string, SqlValue>(StringComparer.OrdinalIgnoreCase)
    {
        ["version"] = SqlValue.FromString(SqlDatabase.ServerVersion),
        ["version_comment"] = SqlValue.FromString("Workbench SQL server (TiDB-style SQL over transactions on a pluggable engine)"),
        ["version_compile_os"] = SqlValue.FromString("Linux"),
        ["version_compile_machine"] = SqlValue.FromString("x86_64"),
        ["protocol_version"] = SqlValue.FromInt(10),
        ["port"] = SqlValue.FromInt(4000),
        ["hostname"] = SqlValue.FromString("localhost"),
        ["max_allowed_packet"] = SqlValue.FromInt(67108864),
        ["net_buffer_length"] = SqlValue.FromInt(16384),
        ["character_set_client"] = SqlValue.FromString("utf8mb4"),
        ["character_set_connection"] = SqlValue.FromString("utf8mb4"),
        ["character_set_results"] = SqlValue.FromString("utf8mb4"),
        ["character_set_server"] = SqlValue.FromString("utf8mb4"),
        ["character_set_system"] = SqlValue.FromString("utf8"),
        ["collation_connection"] = SqlValue.FromString("utf8mb4_general_ci"),
        ["collation_server"] = SqlValue.FromString("utf8mb4_general_ci"),
        ["collation_database"] = SqlValue.FromString("utf8mb4_general_ci"),
        ["transaction_isolation"] = SqlValue.FromString("REPEATABLE-READ"),
        ["tx_isolation"] = SqlValue.FromString("REPEATABLE-READ"),
        ["transaction_read_only"] = SqlValue.FromInt(0),
        ["tx_read_only"] = SqlValue.FromInt(0),
        ["sql_mode"] = SqlValue.FromString("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"),
        ["time_zone"] = SqlValue.FromString("SYSTEM"),
        ["system_time_zone"] = SqlValue.FromString("UTC"),
        ["lower_case_table_names"] = SqlValue.FromInt(0),
        ["wait_timeout"] = SqlValue.FromInt(28800),
        ["interactive_timeout"] = SqlValue.FromInt(28800),
        ["license"] = SqlValue.FromString("MIT"),
        ["sql_auto_is_null"] = SqlValue.FromInt(0),
        ["auto_increment_increment"] = SqlValue.FromInt(1),
        ["auto_increment_offset"] = SqlValue.FromInt(1),
        ["performance_schema"] = SqlValue.FromInt(0),
        ["query_cache_size"] = SqlValue.FromInt(0),
        ["query_cache_type"] = SqlValue.FromString("OFF"),
        ["init_connect"] = SqlValue.FromString(""),
        ["default_storage_engine"] = SqlValue.FromString("Workbench"),
        ["storage_engine"] = SqlValue.FromString("Workbench"),
        ["have_ssl"] = SqlValue.FromString("DISABLED"),
        ["sql_select_limit"] = SqlValue.FromDecimal(18446744073709551615m),
        ["max_execution_time"] = SqlValue.FromInt(0),
        ["innodb_lock_wait_timeout"] = SqlValue.FromInt(50),
        ["lock_wait_timeout"] = SqlValue.FromInt(31536000),
        ["tmp_table_size"] = SqlValue.FromInt(16777216),
        ["max_heap_table_size"] = SqlValue.FromInt(16777216),
        ["sql_safe_updates"] = SqlValue.FromInt(0),
        ["foreign_key_checks"] = SqlValue.FromInt(1),
        ["unique_checks"] = SqlValue.FromInt(1),
    };
}
