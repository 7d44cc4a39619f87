using System.Globalization;
using System.Text.Json.Serialization;
using DeployMatrix.Predictions;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>
/// The results of a matrix run (or of several shards of one, merged) as the report files show them: which matrix,
/// when, on what host, and every cell in matrix order.
/// </summary>
internal sealed partial record MatrixReport
{
    /// <summary>Bumped whenever what a report holds or means changes; reports of another version are refused on reading.</summary>
    public const int CurrentFormatVersion = 3;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required MatrixIdentity Matrix { get; init; }

    /// <summary>When the run ended; for a merged report, when the last shard did.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The platform of the machine that ran the cells (<c>linux/amd64</c>); shards run on several are listed together.</summary>
    public required string Host { get; init; }

    /// <summary>
    /// How the host (or the shards' hosts) ran each platform of the cells: natively or through which emulator. A host
    /// fact, kept here and in each cell's report, never in snapshots.
    /// </summary>
    public required IReadOnlyList<string> HostExecution { get; init; }

    /// <summary>Why the run ended before all its cells did (the engine went away); null for a complete run.</summary>
    public string? Incomplete { get; init; }

    /// <summary>In matrix order (by <see cref="CellReport.Index"/>).</summary>
    public required IReadOnlyList<CellReport> Cells { get; init; }

    /// <summary>Where each build of the run's binaries runs, by distribution family, in matrix order.</summary>
    public IReadOnlyList<BuildDistributions> Distributions { get; init; } = [];

    /// <summary>The file the report was read from, for naming it in errors; null for one made in this process.</summary>
    [JsonIgnore]
    public string? Source { get; init; }

    /// <summary>How each platform of these cells ran, one line per platform and host, sorted.</summary>
    public static IReadOnlyList<string> HostExecutionOf(IEnumerable<CellReport> cells) =>
        [.. cells.Select(c => c.HostExecution).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The run is complete, every cell matches its snapshot and no prediction is contradicted.</summary>
    [JsonIgnore]
    public bool Passed => Incomplete is null && Cells.All(c => c.Passed) && Distributions.All(d => d.Snapshot == SnapshotState.Matches);

    /// <summary>What needs review, as a sentence: <c>3 of 80 cells need review: 1 changed snapshot, 1 new cell, 1 contradicted prediction.</c></summary>
    public string ReviewSummary()
    {
        var review = Cells.Count(c => !c.Passed);
        var incomplete = Incomplete is null ? "" : $"Incomplete: {Incomplete}. ";
        return incomplete + (review == 0
            ? $"All {Cells.Count} cells match their snapshots, and no run contradicts its prediction." + Inconclusive()
            : $"{review} of {Cells.Count} cells need review: " +
              $"{Counting.Of(Cells.Count(c => c.Snapshot == SnapshotState.Changed), "changed snapshot")}, " +
              $"{Counting.Of(Cells.Count(c => c.Snapshot == SnapshotState.New), "new cell")}, " +
              $"{Counting.Of(Cells.Count(c => c.Agreement == Agreement.Disagrees), "contradicted prediction")}." +
              Inconclusive()) + Tables();
    }

    private string Tables()
    {
        var changed = Distributions.Count(d => d.Snapshot != SnapshotState.Matches);
        return changed == 0 ? "" : $" {Counting.Of(changed, "distribution table")} of {Distributions.Count} changed or new.";
    }

    private string Inconclusive()
    {
        var count = Cells.Count(c => c.Inconclusive);
        return count == 0 ? "" : $" {Counting.Of(count, "cell")} inconclusive under emulation, left for a machine of {(count == 1 ? "its" : "their")} platform.";
    }

    /// <summary>
    /// The report without what differs from one run of the same cells to the next (when it was made, how long each
    /// cell took): two runs, or a merge of shards and one whole run, give the same JSON from it.
    /// </summary>
    public MatrixReport WithoutRunTimes() =>
        this with { GeneratedAt = default, Cells = [.. Cells.Select(c => c with { DurationSeconds = 0 })] };
}
