using System.Text;
using Workbench.Harness.Results;

namespace Workbench.Harness.Matrix;

/// <summary>
/// The exact command that runs one cell of a matrix alone (`matrix --list-cells`, and the report's
/// "reproduce" lines), and the run directory name it writes to. The matrix file is named relative to
/// the repository root when it lies inside it, so the command runs from the root of any checkout —
/// on another machine too. Stateless.
/// </summary>
internal static class CellCommand
{
    /// <summary>`./run.sh matrix FILE --cell ID` (plus `--results DIR` when given), shell-quoted where needed.</summary>
    public static string For(string matrixFile, string cellId, string? resultsParent = null)
    {
        ArgumentNullException.ThrowIfNull(matrixFile);
        ArgumentNullException.ThrowIfNull(cellId);
        var sb = new StringBuilder("./run.sh matrix ").Append(Quote(RepositoryPath(matrixFile))).Append(" --cell ").Append(Quote(cellId));
        if (resultsParent is not null) sb.Append(" --results ").Append(Quote(resultsParent));
        return sb.ToString();
    }

    /// <summary>The run directory name of a single-cell run: the matrix name and the cell id, '/' turned into '_'.</summary>
    public static string RunId(string matrixName, string cellId)
    {
        ArgumentNullException.ThrowIfNull(matrixName);
        ArgumentNullException.ThrowIfNull(cellId);
        var chars = (matrixName + "-" + cellId).ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '.')) chars[i] = '_';
        return new string(chars);
    }

    /// <summary>The file relative to the repository root when it is inside it (with '/'), else as given.</summary>
    public static string RepositoryPath(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        if (RepositoryRoot.Find(Path.GetDirectoryName(full)) is { } root)
        {
            var rel = Path.GetRelativePath(root, full);
            if (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel)) return rel.Replace(Path.DirectorySeparatorChar, '/');
        }
        return file;
    }

    /// <summary>POSIX shell quoting: bare when only safe characters, else single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var safe = word.Length > 0;
        foreach (var c in word)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ':' or ',' or '+')) safe = false;
        return safe ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
