using DeployMatrix.Matrix;
using DeployMatrix.Predictions;
using DeployMatrix.Running;

namespace DeployMatrix.Snapshots;

/// <summary>
/// Where a matrix's snapshots live: the verified file of each cell (and of each build's distribution table) in
/// <c>__snapshots__/</c>, what a run received when it differs in <c>__snapshots__/__mismatch__/</c>. The command line
/// and the xunit integration both use it.
/// </summary>
internal sealed class SnapshotStore(string directory)
{
    public const string VerifiedFolder = "__snapshots__";
    public const string ReceivedFolder = "__mismatch__";
    public const string Extension = ".snap";

    /// <summary>The directory that holds <c>__snapshots__/</c> (the matrix's <c>snapshots</c> key).</summary>
    public string Directory { get; } = directory;

    public static string FileName(ISnapshotSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.FileStem + Extension;
    }

    public string VerifiedPath(ISnapshotSubject subject) => Path.Combine(Directory, VerifiedFolder, FileName(subject));

    public string ReceivedPath(ISnapshotSubject subject) => Path.Combine(Directory, VerifiedFolder, ReceivedFolder, FileName(subject));

    /// <summary>The verified text of a cell or build, or null when it has none yet.</summary>
    public string? Verified(ISnapshotSubject cell)
    {
        var path = VerifiedPath(cell);

        // File.ReadAllText drops the byte-order mark of files written by Snapshooter, which earlier versions used.
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>
    /// Compares a run's text with the verified one; unless <paramref name="keepReceived"/> is false, a new or changed
    /// text is left as the received file (and a stale one removed when the text matches again).
    /// </summary>
    public SnapshotComparison Compare(ISnapshotSubject cell, string received, bool keepReceived = true)
    {
        ArgumentNullException.ThrowIfNull(received);
        var verified = Verified(cell);
        var comparison = verified == received ? new SnapshotComparison(SnapshotState.Matches, null)
            : verified is null ? new SnapshotComparison(SnapshotState.New, null)
            : new SnapshotComparison(SnapshotState.Changed, LineDiff.Format(verified, received));
        if (keepReceived)
        {
            Keep(cell, comparison.State == SnapshotState.Matches ? null : received);
        }

        return comparison;
    }

    /// <summary>
    /// Compares a cell's result with its verified snapshot, as <see cref="Compare(ISnapshotSubject, string, bool)"/> does;
    /// an inconclusive run is <see cref="SnapshotState.NotCompared"/> and leaves no received file.
    /// </summary>
    /// <param name="result">The cell's result.</param>
    /// <param name="baseDirectory">The matrix file's directory, which snapshot paths are relative to.</param>
    /// <param name="keepReceived">Leave a new or changed text as the received file.</param>
    public SnapshotComparison Compare(CellResult result, string baseDirectory, bool keepReceived = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Explanation.Agreement == Agreement.Inconclusive
            ? new SnapshotComparison(SnapshotState.NotCompared, null)
            : Compare(result.Cell, CellSnapshot.Render(result, baseDirectory), keepReceived);
    }

    /// <summary>
    /// Moves the cell's received file over its verified one, as a reviewer accepts it; false when nothing was
    /// received. The move is one rename, so the verified file is the old text or the new, never half of either.
    /// </summary>
    public bool Accept(ISnapshotSubject cell)
    {
        var received = ReceivedPath(cell);
        if (!File.Exists(received))
        {
            return false;
        }

        File.Move(received, VerifiedPath(cell), overwrite: true);
        var folder = Path.GetDirectoryName(received)!;
        if (!System.IO.Directory.EnumerateFileSystemEntries(folder).Any())
        {
            System.IO.Directory.Delete(folder);
        }

        return true;
    }

    private void Keep(ISnapshotSubject cell, string? received)
    {
        var receivedPath = ReceivedPath(cell);
        if (received is null)
        {
            // File.Delete would throw when the __mismatch__ directory itself is not there.
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        AtomicFile.WriteAllText(receivedPath, received);
    }
}
