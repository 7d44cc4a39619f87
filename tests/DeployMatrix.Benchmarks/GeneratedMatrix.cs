using System.Globalization;
using System.Text;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Benchmarks;

/// <summary>
/// A matrix of as many cells as asked, for the scale measure: the static hello fixture with one case per target's worth
/// of cells (each its own argument), on the amd64 targets of <paramref name="like"/>, so every cell starts a container.
/// </summary>
internal sealed class GeneratedMatrix : IDisposable
{
    public GeneratedMatrix(HarnessAssets assets, MatrixDefinition like, int cells)
    {
        var targets = like.Targets.Where(t => t.Platforms.Contains(KnownPlatforms.Amd64)).ToList();
        ArgumentOutOfRangeException.ThrowIfNotEqual(cells % targets.Count, 0, nameof(cells));
        Directory = System.IO.Directory.CreateTempSubdirectory("deploymatrix-bench-scale-").FullName;
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"snapshots: .\nbinaries:\n  - name: hello\n    path: {assets.Fixture(KnownPlatforms.Amd64, "hello-static")}\n    cases:\n");
        for (var i = 0; i < cells / targets.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      - name: case-{i}\n        args: [\"{i}\"]\n");
        }

        yaml.Append("targets:\n");
        foreach (var target in targets)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {target.Name}\n    image: {target.ImageTemplate}\n    platforms: [linux/amd64]\n");
        }

        File.WriteAllText(Path.Combine(Directory, "matrix.yaml"), yaml.ToString());
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
