using System.Security.Cryptography;
using System.Text;

namespace Workbench.Sql.Protocol;

/// <summary>mysql_native_password: token = SHA1(pw) XOR SHA1(scramble ‖ SHA1(SHA1(pw))); an empty password sends an empty token.</summary>
internal static class NativePassword
{
    public const string PluginName = "mysql_native_password";

    public static byte[] Token(string password, ReadOnlySpan<byte> scramble)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0) return [];
        var p1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var p2 = SHA1.HashData(p1);
        var buf = new byte[scramble.Length + p2.Length];
        scramble.CopyTo(buf);
        p2.CopyTo(buf, scramble.Length);
        var h = SHA1.HashData(buf);
        for (int i = 0; i < h.Length; i++) h[i] ^= p1[i];
        return h;
    }

    public static bool Verify(string password, ReadOnlySpan<byte> scramble, ReadOnlySpan<byte> token) =>
        CryptographicOperations.FixedTimeEquals(Token(password, scramble), token);
}
