using System.Diagnostics;
using System.Globalization;

namespace DeployMatrix.Cli;

/// <summary>
/// How far a run is, for a long matrix: cells done of all, cells per second so far, and the time left at that rate.
/// </summary>
internal sealed class RunProgress(int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Done { get; private set; }

    public int Total { get; } = total;

    /// <summary>Whether a plain log gets a progress line after this cell: about every tenth of a matrix of 20 or more.</summary>
    public bool IsMilestone => Total >= 20 && (Done % Math.Max(1, Total / 10) == 0 || Done == Total);

    public void CellDone() => Done++;

    /// <summary><c>120/285 cells, 3.4 cells/s, about 49 s left</c>.</summary>
    public string Describe()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? Done / seconds : 0;
        var left = rate > 0 && Done < Total ? $", about {Remaining(TimeSpan.FromSeconds((Total - Done) / rate))} left" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Done}/{Total} cells, {rate:0.0} cells/s{left}");
    }

    private static string Remaining(TimeSpan left) =>
        left < TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(left.TotalSeconds):0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalMinutes} min {left.Seconds:00} s");
}
