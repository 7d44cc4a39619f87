namespace DeployMatrix.Reports;

internal sealed partial record MatrixReport
{
    /// <summary>
    /// One report of the cells of several shards of one matrix (CI jobs that each ran part of it), in matrix order.
    /// </summary>
    /// <exception cref="DeployMatrixException">
    /// The reports are of different matrices, or a cell is in two of them (or twice in one); the message names the
    /// cell and the files.
    /// </exception>
    public static MatrixReport Merge(IEnumerable<MatrixReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var shards = reports.Select((report, i) => (Report: report, Name: report.Source ?? $"report {i + 1}")).ToList();
        if (shards.Count == 0)
        {
            throw new DeployMatrixException("No reports to merge: name at least one report.json.");
        }

        var first = shards[0];
        foreach (var other in shards.Skip(1).Where(s => s.Report.Matrix.Id != first.Report.Matrix.Id))
        {
            throw new DeployMatrixException(
                $"{other.Name} and {first.Name} are reports of different matrices: {other.Report.Matrix} and {first.Report.Matrix}. " +
                "Only shards of one matrix merge; run every shard from the same matrix file.");
        }

        var holders = new Dictionary<int, string>();
        foreach (var (report, name) in shards)
        {
            foreach (var cell in report.Cells)
            {
                if (!holders.TryAdd(cell.Index, name))
                {
                    var where = holders[cell.Index] == name ? $"twice in {name}" : $"in both {holders[cell.Index]} and {name}";
                    throw new DeployMatrixException($"Cell {cell.Name} is {where}: shards must not overlap.");
                }
            }
        }

        return new MatrixReport
        {
            Matrix = first.Report.Matrix,
            GeneratedAt = shards.Max(s => s.Report.GeneratedAt),
            Host = string.Join(", ", shards.Select(s => s.Report.Host).Distinct(StringComparer.Ordinal)),
            Incomplete = shards.Select(s => s.Report.Incomplete is { } why ? $"{s.Name}: {why}" : null).OfType<string>().ToList() is { Count: > 0 } ended
                ? string.Join("; ", ended)
                : null,
            HostExecution = HostExecutionOf(shards.SelectMany(s => s.Report.Cells)),
            Cells = [.. shards.SelectMany(s => s.Report.Cells).OrderBy(c => c.Index)],

            // Every shard that ran a build's cells reports the same table for it.
            Distributions = [.. shards.SelectMany(s => s.Report.Distributions).DistinctBy(d => d.Name)],
        };
    }
}
