namespace DeployMatrix.Matrix;

/// <summary>
/// Every key of <see cref="MatrixSchema"/> as a Markdown table: where it stands, its kind, its default, what it is
/// for. <c>deploymatrix config --keys</c> prints it and the README carries it, so neither can drift from the schema.
/// </summary>
internal static class MatrixKeyTable
{
    public static string Markdown()
    {
        var rows = MatrixSchema.Keys.Select(key =>
            $"| {string.Join(", ", key.Patterns.Select(p => $"`{Display(p)}`"))} | {Cell(key.Kind.Description)} | {Cell(DefaultOf(key))} | {Cell(key.Help)} |");
        return string.Join('\n', ["| key | value | default | what it is for |", "|---|---|---|---|", .. rows]) + "\n";
    }

    private static string DefaultOf(MatrixKey key) =>
        key.Required is not null ? "required"
        : key.Fallback is { } fallback ? $"`{Display(fallback.Path)}`"
        : key.DefaultWords is { } words ? words
        : key.Default is { } value ? $"`{value}`"
        : "none";

    /// <summary><c>binaries:*:cases:*:env:*</c> as a matrix writes it: <c>binaries[].cases[].env.NAME</c>.</summary>
    private static string Display(string pattern)
    {
        var segments = pattern.Split(':');
        return string.Join("", segments.Select((segment, i) =>
            segment != "*" ? (i == 0 ? segment : "." + segment)
            : i == segments.Length - 1 && segments[i - 1] == MatrixSchema.Case.Env.Name ? ".NAME"
            : "[]"));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
