using System.Globalization;
using DeployMatrix.Reports;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix report</c>: merges the reports of a matrix's shards (or re-renders one run's) and writes the
/// chosen formats. Exits 1 when a cell needs review (a new or changed snapshot, a contradicted prediction), so a
/// job that merges the shards can fail the pipeline on what any of them found.
/// </summary>
public sealed class ReportCommand : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var formats = ReportFormat.Parse(settings.Format);
        var report = MatrixReport.Merge(settings.Files.Select(MatrixReport.Load));
        Write(report, settings.Out!, formats);

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Merged {report.Cells.Count} of the {report.Matrix.CellCount} cells of {report.Matrix.File}. {report.ReviewSummary()}"));
        return ExitCodes.ForReview(report.Passed);
    }

    /// <summary>Writes the report in each format into <paramref name="directory"/>, one line with its path each.</summary>
    internal static void Write(MatrixReport report, string directory, IReadOnlyList<ReportFormat> formats)
    {
        foreach (var format in formats)
        {
            Console.Out.WriteLine($"Wrote {format.Write(report, directory)}");
        }
    }
}
