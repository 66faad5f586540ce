using System.Globalization;
using System.Text;

namespace Workbench.Harness.Charts;

/// <summary>Invariant-culture tick labels and XML escaping for the report's HTML and SVG. Stateless.</summary>
internal static class SvgFormat
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    // Control characters are not allowed in XML 1.0.
                    if (c >= ' ' || c is '\t' or '\n' or '\r') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A tick label: compact, with k/M/G suffixes for large values and enough digits for small ones.</summary>
    public static string Tick(double v)
    {
        var a = Math.Abs(v);
        if (a >= 1e9) return Trim(v / 1e9) + "G";
        if (a >= 1e6) return Trim(v / 1e6) + "M";
        if (a >= 1e4) return Trim(v / 1e3) + "k";
        if (a == 0) return "0";
        if (a < 0.01) return v.ToString("0.###E+0", CultureInfo.InvariantCulture);
        return Trim(v);
    }

    private static string Trim(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
