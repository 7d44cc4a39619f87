using System.Text.Json.Serialization;
using DeployMatrix.Predictions;
using DeployMatrix.Running;
using DeployMatrix.Matrix;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>
/// One cell in a report: where it ran, its verdict beside the prediction, its snapshot state and the program's
/// output (scrubbed as in snapshots, so two runs of a cell give the same entry apart from its duration).
/// </summary>
internal sealed record CellReport
{
    /// <summary>The cell's position among all the matrix's cells, whatever filter the run used: shards merge back in this order.</summary>
    public required int Index { get; init; }

    /// <summary><c>hello/default @ debian-11/linux-amd64</c>.</summary>
    public required string Name { get; init; }

    public required string Binary { get; init; }

    /// <summary>The binary's file, relative to the directory the report was made in.</summary>
    public required string BinaryPath { get; init; }

    public required string Case { get; init; }

    public required string Target { get; init; }

    /// <summary>The image as the matrix names it for the cell's platform.</summary>
    public required string Image { get; init; }

    /// <summary><c>linux/amd64</c>.</summary>
    public required string Platform { get; init; }

    /// <summary>The image's C library as its fingerprint found it: <c>glibc 2.31</c>, <c>none</c>.</summary>
    public required string Libc { get; init; }

    /// <summary>The cell's final verdict.</summary>
    public required ReportVerdict Verdict { get; init; }

    /// <summary>What the run itself gave (differs from the verdict when the ELF header overrides the run).</summary>
    public required string Observed { get; init; }

    public required string Predicted { get; init; }

    /// <summary>The limits of its container the run met, as snapshots word them; empty when it met none.</summary>
    public IReadOnlyList<string> LimitsMet { get; init; } = [];

    public required Agreement Agreement { get; init; }

    public string? AgreementNote { get; init; }

    /// <summary>The binary ran through an emulator (qemu-user) on the host that ran the cell, not on its own CPU.</summary>
    public required bool Emulated { get; init; }

    /// <summary>How the host that ran the cell runs the cell's platform: <c>linux/arm64: emulated by /usr/bin/qemu-aarch64-static …</c>.</summary>
    public required string HostExecution { get; init; }

    /// <summary>What the image says it stands in for without being that system (its label); null for most images.</summary>
    public string? ImageEquivalent { get; init; }

    /// <summary>The registry's digest of the pulled image (its index, for a multi-platform one); null for one built here.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>What started the cell's container (<c>docker</c>, <c>runc</c>, <c>bubblewrap</c>), or <c>loader</c> for a root file system target's cell; null when it was not run.</summary>
    public string? Runtime { get; init; }

    /// <summary>What the cell's run did not have that the engine's container gives (a root file system target's isolation, limits without cgroups), or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? NotGiven { get; init; }

    /// <summary>False when the cell was not run: the binary's ELF header decides.</summary>
    public required bool Ran { get; init; }

    /// <summary>The exit status the runtime reported, also where the program never started (a host fact then); null when nothing ran.</summary>
    public int? ExitCode { get; init; }

    /// <summary>How long the container ran, to the millisecond; the one field that differs between runs.</summary>
    public required double DurationSeconds { get; init; }

    public required SnapshotState Snapshot { get; init; }

    /// <summary>How the run differs from the verified snapshot, when it changed.</summary>
    public string? SnapshotDiff { get; init; }

    public required IReadOnlyList<string> Why { get; init; }

    public required string RunsOn { get; init; }

    public required IReadOnlyList<string> Remedies { get; init; }

    public required string Stdout { get; init; }

    public bool StdoutTruncated { get; init; }

    public required string Stderr { get; init; }

    public bool StderrTruncated { get; init; }

    /// <summary>
    /// What a reviewer must look at: a snapshot that is new or changed, a prediction the run contradicts. A verdict
    /// is never one by itself: a binary that cannot run somewhere is a finding, not a failure.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> Problems =>
    [
        .. Snapshot switch
        {
            SnapshotState.Changed => ["snapshot changed"],
            SnapshotState.New => ["new cell: no verified snapshot yet"],
            _ => Array.Empty<string>(),
        },
        .. Agreement == Agreement.Disagrees ? [$"prediction disagrees: predicted {Predicted}, observed {Observed}"] : Array.Empty<string>(),
    ];

    [JsonIgnore]
    public bool Passed => Problems.Count == 0;

    /// <summary>The agreement and its note in one line, as snapshots show it.</summary>
    [JsonIgnore]
    public string AgreementText => Agreement.Describe(AgreementNote);

    /// <summary>An emulated run that can tell nothing: not a problem of the binary, and its snapshot is left as it was.</summary>
    [JsonIgnore]
    public bool Inconclusive => Agreement == Agreement.Inconclusive;

    /// <param name="result">The cell's result.</param>
    /// <param name="snapshot">How it compared with the cell's snapshot.</param>
    /// <param name="index">The cell's position among all the matrix's cells.</param>
    /// <param name="baseDirectory">Paths are shown relative to it.</param>
    public static CellReport Of(CellResult result, SnapshotComparison snapshot, int index, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(snapshot);
        var cell = result.Cell;
        var run = result.Run;
        var explanation = result.Explanation;
        return new CellReport
        {
            Index = index,
            Name = cell.Name,
            Binary = cell.Binary.Name,
            BinaryPath = Path.GetRelativePath(baseDirectory, cell.BinaryPath),
            Case = cell.Case.Name,
            Target = cell.Target.Name,
            Image = result.Image.Reference,
            ImageDigest = result.Image.Digest,
            ImageEquivalent = result.Image.Equivalent,
            Platform = cell.Platform.Name,
            Libc = result.Fingerprint.Libc.ToString(),
            Verdict = ReportVerdict.Of(explanation.Final),
            Observed = explanation.ObservedText,
            Predicted = explanation.Prediction.Text,
            LimitsMet = [.. result.LimitsMet.Select(limit => limit.Text)],
            Agreement = explanation.Agreement,
            AgreementNote = explanation.AgreementNote,
            Emulated = explanation.Emulated,
            HostExecution = explanation.Execution.Describe(),
            Ran = run is not null,
            Runtime = run?.Runtime.ToString().ToLowerInvariant(),
            NotGiven = run?.NotGiven,
            ExitCode = run?.ExitCode,
            DurationSeconds = Math.Round(run?.Duration.TotalSeconds ?? 0, 3),
            Snapshot = snapshot.State,
            SnapshotDiff = snapshot.Diff,
            Why = explanation.Why,
            RunsOn = explanation.RunsOn,
            Remedies = explanation.Remedies,
            Stdout = Scrubbed(run?.Stdout ?? "", cell.Case.AllScrubbers),
            StdoutTruncated = run?.StdoutTruncated ?? false,
            Stderr = Scrubbed(run?.Stderr ?? "", cell.Case.AllScrubbers),
            StderrTruncated = run?.StderrTruncated ?? false,
        };
    }

    private static string Scrubbed(string output, IReadOnlyList<Scrubber> scrubbers) => Scrubber.ScrubAll(output.ReplaceLineEndings("\n"), scrubbers);
}
