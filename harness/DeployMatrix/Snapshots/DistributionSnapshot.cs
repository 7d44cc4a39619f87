using System.Text;
using DeployMatrix.Distributions;
using DeployMatrix.Matrix;

namespace DeployMatrix.Snapshots;

/// <summary>
/// The text a reviewer reads for one build: where it runs, by distribution family, as predicted from recorded facts.
/// A change that raises a binary's floor shows as one changed line: <c>- RHEL and rebuilds: from 8 (glibc 2.28)…</c>,
/// <c>+ RHEL and rebuilds: from 9 (glibc 2.34)…</c>. It holds nothing of the host: the same file everywhere.
/// </summary>
internal static class DistributionSnapshot
{
    /// <summary>
    /// The build's table from the recorded catalog (and the matrix's fingerprint files), compared with its verified snapshot as a cell's is (a new or changed
    /// text is left as the received file).
    /// </summary>
    public static (DistributionTable Table, SnapshotComparison Comparison) Compare(MatrixDefinition matrix, BinaryBuild build)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(build);
        var table = DistributionTable.Of(DistributionCatalog.With(matrix.FingerprintDirectory), build.Binary, build.Platform);
        return (table, new SnapshotStore(matrix.SnapshotDirectory).Compare(build, Render(build, table, matrix.Directory)));
    }

    /// <param name="build">The build.</param>
    /// <param name="table">Its table.</param>
    /// <param name="baseDirectory">Paths are shown relative to it (the matrix file's directory).</param>
    public static string Render(BinaryBuild build, DistributionTable table, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        CellSnapshot.Field(text, "binary", $"{build.Binary.Name} ({Path.GetRelativePath(baseDirectory, build.Binary.PathFor(build.Platform))})");
        if (build.Binary.BundleFor(build.Platform) is { } bundle)
        {
            CellSnapshot.Field(text, "bundle", Path.GetRelativePath(baseDirectory, bundle));
        }

        CellSnapshot.Field(text, "platform", $"{build.Platform.Name} ({build.Platform.UnameMachine})");
        text.Append("where it starts, by distribution family (").Append(DistributionTable.Provenance).Append("):\n");
        foreach (var line in table.Lines())
        {
            text.Append(line).Append('\n');
        }

        text.Append("recorded facts:\n");
        foreach (var source in table.Sources)
        {
            text.Append("- ").Append(source).Append('\n');
        }

        return text.ToString();
    }
}
