using DeployMatrix.Reports;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Reports;

/// <summary>report.json: what a run writes reads back as the same report, and a file that is not one is named in the error.</summary>
public sealed class ReportJsonSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task A_report_reads_back_as_the_same_report()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        using var directory = new ReportDirectory();

        var path = ReportFormat.Json.Write(report, directory.Path);
        var read = MatrixReport.Load(path);

        Assert.Equal(report.ToJson(), read.ToJson());
        Assert.Equal(path, read.Source);
        Assert.Equal(report.GeneratedAt, read.GeneratedAt);
    }

    [Fact]
    public async Task Cells_are_in_matrix_order_with_their_index_in_the_whole_matrix()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);

        var all = RepositoryMatrices.Default.AllCells().Select(c => c.Name).ToList();
        Assert.Equal(RepositoryMatrices.Default.Cells().Select(c => c.Name), report.Cells.Select(c => c.Name));
        Assert.All(report.Cells, cell => Assert.Equal(all.IndexOf(cell.Name), cell.Index));
        Assert.Equal(all.Count, report.Matrix.CellCount);
        Assert.Equal("matrix.yaml", report.Matrix.File);
    }

    [Fact]
    public async Task Verdict_kinds_are_written_as_stable_machine_names()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        var json = report.ToJson();

        var hello = report.Cells.Single(c => c.Name == "hello/default @ debian-11/linux-amd64");
        Assert.Equal(VerdictKind.MissingSymbolVersion, hello.Verdict.Kind);
        Assert.Contains("\"kind\": \"missing-symbol-version\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"ran\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"wrong-architecture\"", json, StringComparison.Ordinal);
        Assert.Contains("\"snapshot\": \"matches\"", json, StringComparison.Ordinal);
        Assert.Contains("\"agreement\": \"agrees\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(VerdictKind.Ran), "ran")]
    [InlineData(nameof(VerdictKind.MissingLibrary), "missing-library")]
    [InlineData(nameof(VerdictKind.MissingSymbolVersion), "missing-symbol-version")]
    [InlineData(nameof(VerdictKind.UndefinedSymbol), "undefined-symbol")]
    [InlineData(nameof(VerdictKind.MuslRelocationError), "musl-relocation-error")]
    [InlineData(nameof(VerdictKind.InterpreterMissing), "interpreter-missing")]
    [InlineData(nameof(VerdictKind.WrongArchitecture), "wrong-architecture")]
    [InlineData(nameof(VerdictKind.KilledBySignal), "killed-by-signal")]
    [InlineData(nameof(VerdictKind.TimedOut), "timed-out")]
    [InlineData(nameof(VerdictKind.InconclusiveUnderEmulation), "inconclusive-under-emulation")]
    public void Each_kind_has_its_machine_name(string kind, string name) => Assert.Equal(name, Enum.Parse<VerdictKind>(kind).MachineName());

    [Fact]
    public void Bad_json_is_an_error_naming_the_file_and_the_line()
    {
        using var directory = new ReportDirectory();
        var path = directory.File("broken.json");
        File.WriteAllText(path, "{\n  \"formatVersion\": 1,\n  \"matrix\": {\n    \"file\": \"matrix.yaml\",,\n");

        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Load(path));

        Assert.StartsWith($"{path}: not a DeployMatrix report (line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_that_lacks_what_a_report_holds_is_an_error_naming_the_file_and_what_is_missing()
    {
        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Parse("{ \"formatVersion\": 1 }", "shard-2/report.json"));

        Assert.StartsWith("shard-2/report.json: not a DeployMatrix report", error.Message, StringComparison.Ordinal);
        Assert.Contains("'matrix'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cells'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verdict_kind_is_an_error_naming_the_file_and_where()
    {
        var json = (await DefaultMatrixReport.BuildAsync(harness)).ToJson()
            .Replace("\"kind\": \"ran\"", "\"kind\": \"exploded\"", StringComparison.Ordinal);

        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Parse(json, "report.json"));

        Assert.Contains("report.json: not a DeployMatrix report", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.cells[", error.Message, StringComparison.Ordinal);
        Assert.Contains(".verdict.kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_of_another_format_version_is_refused()
    {
        var json = (await DefaultMatrixReport.BuildAsync(harness)).ToJson()
            .Replace($"\"formatVersion\": {MatrixReport.CurrentFormatVersion},", "\"formatVersion\": 99,", StringComparison.Ordinal);

        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Parse(json, "old/report.json"));

        Assert.Equal(
            $"old/report.json: a report of format 99, this DeployMatrix reads format {MatrixReport.CurrentFormatVersion}: make it again with this version",
            error.Message);
    }

    [Fact]
    public void An_unreadable_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Load("/nonexistent/report.json"));

        Assert.StartsWith("/nonexistent/report.json: cannot read the report", error.Message, StringComparison.Ordinal);
    }
}
