using System.Globalization;
using System.Text;
using DeployMatrix.Platforms;

namespace DeployMatrix.Benchmarks;

/// <summary>
/// A matrix of as many cells as asked, for the scale measure: the static hello fixture with one case per ten cells
/// (each its own argument), on the ten amd64 targets of the default matrix, so every cell starts a container.
/// </summary>
internal sealed class GeneratedMatrix : IDisposable
{
    private static readonly string[] Targets =
    [
        "debian-11=deploymatrix/debian:11-{arch}", "debian-12=deploymatrix/debian:12-{arch}", "debian-13=deploymatrix/debian:13-{arch}",
        "musl=deploymatrix/musl:1.2.3-{arch}", "musl-1.2.5=deploymatrix/musl:1.2.5-{arch}", "glibc-2.17=deploymatrix/glibc:2.17-{arch}",
        "scratch=deploymatrix/scratch:{arch}", "distroless-static=deploymatrix/distroless:static-debian12-{arch}",
        "distroless-base=deploymatrix/distroless:base-debian12-{arch}", "distroless-cc=deploymatrix/distroless:cc-debian12-{arch}",
    ];

    public GeneratedMatrix(HarnessAssets assets, int cells)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(cells % Targets.Length, 0, nameof(cells));
        Directory = System.IO.Directory.CreateTempSubdirectory("deploymatrix-bench-scale-").FullName;
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"snapshots: .\nbinaries:\n  - name: hello\n    path: {assets.Fixture(KnownPlatforms.Amd64, "hello-static")}\n    cases:\n");
        for (var i = 0; i < cells / Targets.Length; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      - name: case-{i}\n        args: [\"{i}\"]\n");
        }

        yaml.Append("targets:\n");
        foreach (var target in Targets.Select(t => t.Split('=')))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {target[0]}\n    image: {target[1]}\n    platforms: [linux/amd64]\n");
        }

        File.WriteAllText(Path.Combine(Directory, "matrix.yaml"), yaml.ToString());
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
