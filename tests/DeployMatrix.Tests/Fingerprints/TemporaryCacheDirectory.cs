namespace DeployMatrix.Tests.Fingerprints;

/// <summary>A fingerprint cache directory of one test class, deleted with it: no test reads another's cache.</summary>
public sealed class TemporaryCacheDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("deploymatrix-fingerprints-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
