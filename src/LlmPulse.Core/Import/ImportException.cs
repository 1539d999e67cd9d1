namespace LlmPulse.Import;

/// <summary>A place in an input file and what was expected there.</summary>
public sealed record ImportError(string File, int Line, int Column, string Expected, string? ColumnName = null)
{
    public override string ToString() =>
        ColumnName is null
            ? $"{File}, line {Line}, column {Column}: expected {Expected}"
            : $"{File}, line {Line}, column {Column} ({ColumnName}): expected {Expected}";
}

/// <summary>Input that cannot be imported. Nothing was written when this is thrown.</summary>
public sealed class ImportException(IReadOnlyList<ImportError> errors)
    : Exception(Describe(errors))
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<ImportError> errors) =>
        errors.Count == 1
            ? $"Nothing was imported: {errors[0]}"
            : $"Nothing was imported; {errors.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
