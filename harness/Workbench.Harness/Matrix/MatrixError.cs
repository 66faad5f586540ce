namespace Workbench.Harness.Matrix;

/// <summary>One validation problem: where (line and column, 1-based; 0 when unknown), which key, and what is wrong.</summary>
internal sealed record MatrixError(int Line, int Column, string Key, string Message)
{
    public string Format(string file) => Line > 0 ? $"{file}:{Line}:{Column}: '{Key}': {Message}" : $"{file}: '{Key}': {Message}";
}
