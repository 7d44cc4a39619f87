using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeployMatrix.Matrix;

namespace DeployMatrix.Running;

/// <summary>
/// How long each cell of a matrix took when it last ran on this host, so that a run starts the longest first: a cell
/// that runs into its timeout then overlaps the others instead of ending the run alone. Only the order of the runs
/// depends on it, never a result; a missing or unreadable history is an empty one. Histories no run has written for
/// <see cref="KeptFor"/> are removed when another is saved: matrices in directories made per run (a CI workspace,
/// a test's temporary directory) would otherwise leave one file each, for ever.
/// </summary>
internal sealed class CellDurations
{
    /// <summary>How long a history no run has written is kept.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    private readonly string _file;
    private readonly ConcurrentDictionary<string, double> _seconds;

    private CellDurations(string file, IDictionary<string, double> seconds)
    {
        _file = file;
        _seconds = new ConcurrentDictionary<string, double>(seconds, StringComparer.Ordinal);
    }

    /// <summary>The history of the matrix in <paramref name="matrixFile"/>, one file per matrix file.</summary>
    /// <param name="directory">Where the histories are kept: the cache's <c>durations</c> unless given.</param>
    public static CellDurations Of(string matrixFile, string? directory = null)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(matrixFile))))[..16];
        var file = Path.Combine(directory ?? CacheDirectory.Of("durations"), name + ".json");
        try
        {
            return new CellDurations(file, JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(file)) ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new CellDurations(file, new Dictionary<string, double>());
        }
    }

    /// <summary>The cells, longest last time first; cells of equal or unknown duration keep their order.</summary>
    public IReadOnlyList<MatrixCell> LongestFirst(IEnumerable<MatrixCell> cells) =>
        [.. cells.OrderByDescending(cell => _seconds.GetValueOrDefault(cell.Name))];

    public void Record(CellResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _seconds[result.Cell.Name] = result.Run?.Duration.TotalSeconds ?? 0;
    }

    /// <summary>Keeps the history for the next run; a cache that cannot be written only costs that run its order.</summary>
    public void Save()
    {
        try
        {
            var directory = Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            AtomicFile.WriteAllText(_file, JsonSerializer.Serialize(new SortedDictionary<string, double>(_seconds, StringComparer.Ordinal)));
            var oldest = DateTime.UtcNow - KeptFor;
            foreach (var stale in directory.EnumerateFiles("*.json").Where(f => f.LastWriteTimeUtc < oldest))
            {
                stale.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
