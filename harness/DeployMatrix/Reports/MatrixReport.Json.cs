using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployMatrix.Reports;

internal sealed partial record MatrixReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NewLine = "\n",
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,

        // Loader texts stay readable (`GLIBC_2.34', non-ASCII output): the file is read as JSON, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Every enum the report holds has one-word or kebab-case names: ran, missing-library, matches, disagrees.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>The report as indented camelCase JSON, cells in matrix order.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="DeployMatrixException">Names the file, and where and why it is not such a report.</exception>
    public static MatrixReport Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployMatrixException($"{path}: cannot read the report: {e.Message}", e);
        }

        return Parse(json, path);
    }

    /// <param name="json">The report's text.</param>
    /// <param name="source">What to call it in errors, and its <see cref="Source"/>: the file it came from.</param>
    /// <exception cref="DeployMatrixException">Names the source, and where and why it is not such a report.</exception>
    public static MatrixReport Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        MatrixReport? report;
        try
        {
            report = JsonSerializer.Deserialize<MatrixReport>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            // The library's message ends with its own 0-based position; the line is given 1-based instead.
            var reason = e.Message.Split(" Path: ")[0];
            var where = e.LineNumber is { } line ? $"line {line + 1}, {e.Path}" : e.Path ?? "$";
            throw new DeployMatrixException($"{source}: not a DeployMatrix report ({where}): {reason}", e);
        }

        if (report is null)
        {
            throw new DeployMatrixException($"{source}: not a DeployMatrix report: the file holds JSON null");
        }

        return report.FormatVersion == CurrentFormatVersion
            ? report with { Source = source }
            : throw new DeployMatrixException(
                $"{source}: a report of format {report.FormatVersion}, this DeployMatrix reads format {CurrentFormatVersion}: make it again with this version");
    }
}
