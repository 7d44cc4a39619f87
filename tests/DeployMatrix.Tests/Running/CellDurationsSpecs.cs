using DeployMatrix.Running;

namespace DeployMatrix.Tests.Running;

/// <summary>
/// The durations kept for ordering cells do not pile up: saving one matrix's history removes the histories no run has
/// written for 30 days (matrices in per-run directories leave one each), and keeps the others.
/// </summary>
public sealed class CellDurationsSpecs : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("deploymatrix-spec-durations-");

    [Fact]
    public void Saving_a_history_removes_those_not_written_for_30_days_and_keeps_the_rest()
    {
        var stale = Existing("stale.json", CellDurations.KeptFor + TimeSpan.FromDays(1));
        var recent = Existing("recent.json", CellDurations.KeptFor - TimeSpan.FromDays(1));

        CellDurations.Of(Path.Combine(_cache.FullName, "matrix.yaml"), _cache.FullName).Save();

        Assert.False(File.Exists(stale), "a history older than 30 days is still there");
        Assert.True(File.Exists(recent), "a history of 29 days was removed");
        // The recent one, and the history just saved.
        Assert.Equal(2, _cache.GetFiles("*.json").Length);
    }

    public void Dispose() => _cache.Delete(recursive: true);

    private string Existing(string name, TimeSpan age)
    {
        var path = Path.Combine(_cache.FullName, name);
        File.WriteAllText(path, "{}");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }
}
