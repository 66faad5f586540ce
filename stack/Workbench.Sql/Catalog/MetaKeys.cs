using System.Globalization;
using System.Text;
using Workbench.Sql.Codec;

namespace Workbench.Sql.Catalog;

/// <summary>
/// TiDB's meta layout (meta/meta.go over structure/): a string key is
/// `m` + encode_bytes(name) + uint64('s'); a hash field is `m` + encode_bytes(hash) + uint64('h') +
/// encode_bytes(field). Databases are fields `DB:{id}` of hash `DBs`; a database's tables are fields
/// `Table:{id}` of hash `DB:{id}`, its auto-id bases `TID:{id}` in the same hash; `NextGlobalID`
/// and `SchemaVersionKey` are string keys. Values are JSON (TiDB's DBInfo/TableInfo are JSON too,
/// with more fields).
/// </summary>
internal static class MetaKeys
{
    private const byte StringFlag = (byte)'s';
    private const byte HashFlag = (byte)'h';

    public static byte[] String(string name)
    {
        var k = new List<byte> { (byte)'m' };
        MemComparable.AppendBytes(k, Encoding.UTF8.GetBytes(name));
        MemComparable.AppendUint(k, StringFlag);
        return [.. k];
    }

    public static byte[] HashPrefix(string hash)
    {
        var k = new List<byte> { (byte)'m' };
        MemComparable.AppendBytes(k, Encoding.UTF8.GetBytes(hash));
        MemComparable.AppendUint(k, HashFlag);
        return [.. k];
    }

    public static byte[] HashField(string hash, string field)
    {
        var k = new List<byte>(HashPrefix(hash));
        MemComparable.AppendBytes(k, Encoding.UTF8.GetBytes(field));
        return [.. k];
    }

    /// <summary>The field name of a hash-field key built by <see cref="HashField"/>.</summary>
    public static string FieldOf(byte[] key, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(key);
        var field = new List<byte>();
        MemComparable.ReadBytes(key.AsSpan(prefixLength), field);
        return Encoding.UTF8.GetString([.. field]);
    }

    public static readonly byte[] NextGlobalId = String("NextGlobalID");
    public static readonly byte[] SchemaVersion = String("SchemaVersionKey");
    public const string DatabasesHash = "DBs";
    public static string DatabaseField(long id) => "DB:" + id.ToString(CultureInfo.InvariantCulture);
    public static string TableField(long id) => "Table:" + id.ToString(CultureInfo.InvariantCulture);
    public static string AutoIdField(long tableId) => "TID:" + tableId.ToString(CultureInfo.InvariantCulture);
}
