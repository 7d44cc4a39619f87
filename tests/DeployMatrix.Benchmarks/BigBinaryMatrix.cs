using DeployMatrix.Platforms;

namespace DeployMatrix.Benchmarks;

/// <summary>
/// A matrix of big binaries the benchmark makes for itself: copies of the static hello fixture, each padded to its
/// size with bytes of its own (so no two files are alike), on debian-12/linux-amd64. The padding lies past every
/// header and table, as a big binary's code and data do, so reading headers only costs what a small binary costs.
/// </summary>
internal sealed class BigBinaryMatrix : IDisposable
{
    public BigBinaryMatrix(HarnessAssets assets, int count, long bytes)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("deploymatrix-bench-big-").FullName;
        var hello = File.ReadAllBytes(assets.Fixture(KnownPlatforms.Amd64, "hello-static"));
        var padding = new byte[1 << 20];
        var yaml = new System.Text.StringBuilder("snapshots: .\nbinaries:\n");
        for (var i = 1; i <= count; i++)
        {
            var path = Path.Combine(Directory, $"big{i}");
            using (var file = File.Create(path))
            {
                file.Write(hello);
                while (file.Length < bytes)
                {
                    Random.Shared.NextBytes(padding);
                    file.Write(padding, 0, (int)Math.Min(padding.Length, bytes - file.Length));
                }
            }

            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - name: big{i}\n    path: big{i}\n");
        }

        yaml.Append("targets:\n  - name: debian-12\n    image: deploymatrix/debian:12-{arch}\n    platforms: [linux/amd64]\n");
        File.WriteAllText(Path.Combine(Directory, "matrix.yaml"), yaml.ToString());
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
