namespace DeployMatrix.Reports;

/// <summary>A kind of report file: its name on the command line, its file name, and how it is rendered.</summary>
internal sealed class ReportFormat
{
    private readonly Func<MatrixReport, string> _render;

    private ReportFormat(string name, string fileName, Func<MatrixReport, string> render)
    {
        Name = name;
        FileName = fileName;
        _render = render;
    }

    public static ReportFormat Json { get; } = new("json", "report.json", report => report.ToJson());

    public static ReportFormat JUnit { get; } = new("junit", "junit.xml", JUnitReport.Render);

    public static ReportFormat Markdown { get; } = new("markdown", "report.md", MarkdownReport.Render);

    public static ReportFormat Html { get; } = new("html", "report.html", HtmlReport.Render);

    public static IReadOnlyList<ReportFormat> All { get; } = [Json, JUnit, Markdown, Html];

    /// <summary><c>json</c>, <c>junit</c>, <c>markdown</c>, <c>html</c>.</summary>
    public string Name { get; }

    /// <summary>The file it is written to in a report directory: <c>report.json</c>, <c>junit.xml</c>, …</summary>
    public string FileName { get; }

    /// <summary>The formats of a comma-separated list, in the list's order, each once.</summary>
    /// <exception cref="DeployMatrixException">Names the unknown formats and the known ones.</exception>
    public static IReadOnlyList<ReportFormat> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !All.Any(f => f.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0 || names.Length == 0)
        {
            throw new DeployMatrixException(
                $"--format {list}: {(unknown.Count > 0 ? $"unknown format {string.Join(", ", unknown)}" : "no format")}; " +
                $"expected a comma-separated list of {string.Join(", ", All.Select(f => f.Name))}");
        }

        return [.. names.Select(n => All.First(f => f.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).Distinct()];
    }

    public string Render(MatrixReport report) => _render(report);

    /// <summary>Writes the report in this format into <paramref name="directory"/> (created if need be).</summary>
    /// <returns>The file's path.</returns>
    public string Write(MatrixReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteAllText(path, Render(report));
        return path;
    }

    public override string ToString() => Name;
}
