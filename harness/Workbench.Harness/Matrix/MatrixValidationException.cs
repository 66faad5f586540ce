namespace Workbench.Harness.Matrix;

/// <summary>A matrix file failed validation; <see cref="Errors"/> lists every problem found, each naming its key and line.</summary>
internal sealed class MatrixValidationException : Exception
{
    public MatrixValidationException(string file, IReadOnlyList<MatrixError> errors)
        : base(BuildMessage(file, errors))
    {
        File = file;
        Errors = errors;
    }

    public MatrixValidationException() : this("<matrix>", []) { }

    public MatrixValidationException(string message) : base(message)
    {
        File = "<matrix>";
        Errors = [];
    }

    public MatrixValidationException(string message, Exception inner) : base(message, inner)
    {
        File = "<matrix>";
        Errors = [];
    }

    public string File { get; } = "<matrix>";
    public IReadOnlyList<MatrixError> Errors { get; } = [];

    private static string BuildMessage(string file, IReadOnlyList<MatrixError> errors) =>
        errors.Count == 1
            ? $"invalid matrix {errors[0].Format(file)}"
            : $"invalid matrix {file} ({errors.Count} problems):\n  " + string.Join("\n  ", errors.Select(e => e.Format(file)));
}
