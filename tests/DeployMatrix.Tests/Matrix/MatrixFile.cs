namespace DeployMatrix.Tests.Matrix;

/// <summary>A matrix file written for one test, in a directory of its own beside a copy of a fixture binary.</summary>
internal sealed class MatrixFile : IDisposable
{
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
