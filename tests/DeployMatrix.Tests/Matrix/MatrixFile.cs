namespace DeployMatrix.Tests.Matrix;

/// <summary>A matrix file written for one test, in a directory of its own beside a copy of a fixture binary.</summary>
internal sealed class MatrixFile : IDisposable
{
    /// <summary>A valid matrix of the copied hello on two targets: specs change one thing in it.</summary>
    public const string Example = """
        defaults:
          timeout: 10s
        binaries:
          - name: hello
            path: bin/{platform}/hello
            platforms: [linux/amd64, linux/arm64]
            cases:
              - name: plain
              - name: greeting
                args: [one, two words]
                env: { DM_GREETING: hi }
                stdin: "line\n"
                timeout: 500ms
        targets:
          - name: debian-12
            image: deploymatrix/debian:12-{arch}
            platforms: [linux/amd64, linux/386, linux/arm64]
          - name: musl
            image: deploymatrix/musl:1.2.3-{arch}
            platforms: [linux/amd64]
        """;

    public MatrixFile(string yaml)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("deploymatrix-spec-").FullName;
        var assets = HarnessAssets.Locate();
        foreach (var platform in DeployMatrix.Platforms.KnownPlatforms.All)
        {
            var bin = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Directory, "bin", platform.Slug)).FullName;
            File.Copy(assets.Fixture(platform, "hello"), System.IO.Path.Combine(bin, "hello"));
        }

        File.WriteAllText(System.IO.Path.Combine(Directory, "bin", "notes.txt"), "not a binary\n");
        Path = System.IO.Path.Combine(Directory, "matrix.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
