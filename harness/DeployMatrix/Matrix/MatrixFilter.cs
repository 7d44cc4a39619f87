using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>Which cells of a matrix to run: empty lists select everything; a shard then takes its part of the rest.</summary>
internal sealed record MatrixFilter(
    IReadOnlyList<string> Binaries,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Platforms,
    Shard? Shard = null)
{
    public static readonly MatrixFilter All = new([], [], []);

    /// <summary>The cells of <paramref name="cells"/> (a whole matrix, in order) this filter selects.</summary>
    public IEnumerable<MatrixCell> Apply(IEnumerable<MatrixCell> cells) =>
        cells.Where(Selects).Where((_, position) => Shard is null || Shard.Holds(position));

    private bool Selects(MatrixCell cell) =>
        Matches(Binaries, cell.Binary.Name) && Matches(Targets, cell.Target.Name) && Matches(Platforms, cell.Platform.Name);

    private static bool Matches(IReadOnlyList<string> wanted, string name) =>
        wanted.Count == 0 || wanted.Contains(name, StringComparer.OrdinalIgnoreCase);
}
