namespace DeployMatrix.Tests.Reports;

/// <summary>A directory of one test's report files, deleted after it.</summary>
public sealed class ReportDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("deploymatrix-reports-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
