using System.Runtime.InteropServices;
using DeployMatrix.Distributions;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>Collects a matrix run's cells as they finish, in any order, into a report in matrix order.</summary>
/// <param name="matrix">The matrix the cells are of.</param>
/// <param name="baseDirectory">Paths in the report are relative to it (the directory the run was started in).</param>
internal sealed class MatrixReportBuilder(MatrixDefinition matrix, string baseDirectory)
{
    private readonly MatrixIdentity _identity = MatrixIdentity.Of(matrix, baseDirectory);
    private readonly Dictionary<string, int> _indexes = matrix.AllCells().Select((cell, i) => (cell.Name, i)).ToDictionary(x => x.Name, x => x.i);
    private readonly SortedDictionary<int, CellReport> _cells = [];
    private readonly List<BuildDistributions> _distributions = [];

    public void Add(CellResult result, SnapshotComparison snapshot)
    {
        ArgumentNullException.ThrowIfNull(result);
        var index = _indexes.TryGetValue(result.Cell.Name, out var found)
            ? found
            : throw new ArgumentException($"{result.Cell.Name} is not a cell of {_identity.File}.", nameof(result));
        if (!_cells.TryAdd(index, CellReport.Of(result, snapshot, index, baseDirectory)))
        {
            throw new InvalidOperationException($"{result.Cell.Name} was added twice.");
        }
    }

    /// <summary>A build's distribution table and how its snapshot compared; in matrix order.</summary>
    public void Add(BinaryBuild build, DistributionTable table, SnapshotComparison snapshot) =>
        _distributions.Add(BuildDistributions.Of(build, table, snapshot));

    /// <param name="generatedAt">When the run ended.</param>
    /// <param name="incomplete">Why the run ended before its last cell, when it did.</param>
    public MatrixReport Build(DateTimeOffset generatedAt, string? incomplete = null) => new()
    {
        Incomplete = incomplete,
        Matrix = _identity,
        GeneratedAt = generatedAt,
        Host = KnownPlatforms.Host()?.Name ?? $"linux/{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}",
        HostExecution = MatrixReport.HostExecutionOf(_cells.Values),
        Cells = [.. _cells.Values],
        Distributions = [.. _distributions],
    };
}
