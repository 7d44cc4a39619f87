using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using DeployMatrix.Matrix;

namespace DeployMatrix.Reports;

/// <summary>
/// Which matrix a report is of, so that only shards of one matrix are merged: its file, and a hash of all its
/// cells and their images in order, which changes whenever the cells or their order (and so the indexes) do.
/// </summary>
/// <param name="File">The matrix file, relative to the directory the report was made in.</param>
/// <param name="Id"><c>sha256:</c> and the hash of every cell's name and image, one a line, in matrix order.</param>
/// <param name="CellCount">How many cells the whole matrix has, whatever filter a run used.</param>
internal sealed record MatrixIdentity(string File, string Id, int CellCount)
{
    public static MatrixIdentity Of(MatrixDefinition matrix, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var cells = matrix.AllCells();
        var lines = string.Concat(cells.Select(c => $"{c.Name} {c.Image}\n"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
        return new MatrixIdentity(Path.GetRelativePath(baseDirectory, matrix.File), "sha256:" + hash, cells.Count);
    }

    /// <summary>Enough of <see cref="Id"/> to tell matrices apart at a glance: <c>sha256:5d775f73aecc…</c>.</summary>
    [JsonIgnore]
    public string ShortId => Id.Length > 19 ? Id[..19] + "…" : Id;

    public override string ToString() => $"{File} ({CellCount} cells, {ShortId})";
}
