using DeployMatrix.Matrix;

namespace DeployMatrix.Reports;

/// <summary>
/// One binary run one way, as the Markdown and HTML reports lay it out: targets as rows, platforms as columns, a
/// cell wherever the matrix has one (a binary is not run on platforms it is not built for).
/// </summary>
internal sealed class CompatibilityTable
{
    private readonly Dictionary<(string Target, string Platform), CellReport> _cells;

    private CompatibilityTable(string binary, string runCase, IReadOnlyList<CellReport> cells, IReadOnlyList<string> platformOrder)
    {
        Binary = binary;
        Case = runCase;
        Cells = cells;
        Targets = [.. cells.Select(c => c.Target).Distinct(StringComparer.Ordinal)];
        Platforms = [.. platformOrder.Where(p => cells.Any(c => c.Platform == p))];
        _cells = cells.ToDictionary(c => (c.Target, c.Platform));
    }

    public string Binary { get; }

    public string Case { get; }

    /// <summary>The binary's name, and the case's unless it is the only, default one.</summary>
    public string Title => Case == RunCase.DefaultName ? Binary : $"{Binary} ({Case})";

    /// <summary>In matrix order.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>In the order the report first names them, the same for every table of a report.</summary>
    public IReadOnlyList<string> Platforms { get; }

    /// <summary>In matrix order.</summary>
    public IReadOnlyList<CellReport> Cells { get; }

    /// <summary>The cell of this target and platform, or null when the matrix (or this shard) has none.</summary>
    public CellReport? At(string target, string platform) => _cells.GetValueOrDefault((target, platform));

    /// <summary>One table per binary and case, in matrix order.</summary>
    public static IReadOnlyList<CompatibilityTable> Of(MatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var platforms = report.Cells.Select(c => c.Platform).Distinct(StringComparer.Ordinal).ToList();
        return
        [
            .. report.Cells
                .GroupBy(c => (c.Binary, c.Case))
                .Select(group => new CompatibilityTable(group.Key.Binary, group.Key.Case, [.. group], platforms)),
        ];
    }
}
