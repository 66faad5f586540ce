using System.Globalization;
using System.Text;

namespace Workbench.Jepsen.Txn;

/// <summary>Keys and values of the txn workloads: UTF-8 text, numbers in invariant culture.</summary>
internal static class TxnCodec
{
    public static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public static string S(byte[] b) => Encoding.UTF8.GetString(b);

    public static byte[] N(long n) => B(n.ToString(CultureInfo.InvariantCulture));

    public static long ParseLong(byte[] b) => long.Parse(S(b), CultureInfo.InvariantCulture);

    public static string D(long n, int digits) => n.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
