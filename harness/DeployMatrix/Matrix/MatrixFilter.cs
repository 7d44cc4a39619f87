using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>Which cells of a matrix to run: empty lists select everything.</summary>
public sealed record MatrixFilter(
    IReadOnlyList<string> Binaries,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Platforms)
{
    public static readonly MatrixFilter All = new([], [], []);

    public bool Selects(MatrixCell cell) =>
        Matches(Binaries, cell.Binary.Name) && Matches(Targets, cell.Target.Name) && Matches(Platforms, cell.Platform.Name);

    private static bool Matches(IReadOnlyList<string> wanted, string name) =>
        wanted.Count == 0 || wanted.Contains(name, StringComparer.OrdinalIgnoreCase);
}
