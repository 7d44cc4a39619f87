using System.Diagnostics;
using System.Globalization;
using DeployMatrix.Matrix;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix run</c>: runs every cell of a matrix in a container and compares it with its snapshot. Exits 0
/// only when every cell matches; a new or changed cell leaves its received file for review.
/// </summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var matrix = MatrixReader.Load(Environment.CurrentDirectory, Overrides(context.Remaining), settings.Matrix);
        var cells = matrix.Cells();
        var assets = HarnessAssets.Locate();
        var store = new SnapshotStore(matrix.SnapshotDirectory);
        var baseDirectory = Path.GetDirectoryName(matrix.File)!;

        await using var session = await HarnessSession.StartAsync(assets.Linux32Launcher, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var runner = await session.PrepareAsync(matrix, cancellationToken).ConfigureAwait(false);

        var counts = new Dictionary<SnapshotState, int>();
        var nameWidth = cells.Max(c => c.Name.Length);
        await foreach (var result in runner.RunAllAsync(cells, cancellationToken).ConfigureAwait(false))
        {
            var comparison = store.Compare(result.Cell, CellSnapshot.Render(result, baseDirectory));
            counts[comparison.State] = counts.GetValueOrDefault(comparison.State) + 1;
            Report(result, comparison, nameWidth, counts.Values.Sum(), cells.Count);
        }

        var failed = counts.GetValueOrDefault(SnapshotState.Changed) + counts.GetValueOrDefault(SnapshotState.New);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cells.Count} cells in {stopwatch.Elapsed.TotalSeconds:0.0} s: {counts.GetValueOrDefault(SnapshotState.Matches)} match, " +
            $"{counts.GetValueOrDefault(SnapshotState.Changed)} changed, {counts.GetValueOrDefault(SnapshotState.New)} new"));
        if (failed > 0)
        {
            Console.Out.WriteLine($"Received files are in {Path.Combine(store.Directory, SnapshotStore.VerifiedFolder, SnapshotStore.ReceivedFolder)}: review them, then ./dm accept.");
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The options Spectre did not know, given back as the configuration's <c>--key=value</c> overrides. Spectre
    /// splits an option at its first ':' or '=': <c>--filter:targets=a</c> arrives as <c>--filter</c> and
    /// <c>targets=a</c>, so a value that still holds '=' was split at ':'.
    /// </summary>
    private static List<string> Overrides(IRemainingArguments remaining) =>
    [
        .. remaining.Parsed.SelectMany(option => option.Select(value =>
            value is null ? option.Key : option.Key + (value.Contains('=', StringComparison.Ordinal) ? ":" : "=") + value)),
        .. remaining.Raw,
    ];

    private static void Report(CellResult result, SnapshotComparison comparison, int nameWidth, int done, int total)
    {
        var (mark, colour) = comparison.State switch
        {
            SnapshotState.Matches => ("ok     ", "green"),
            SnapshotState.New => ("new    ", "yellow"),
            _ => ("changed", "red"),
        };
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{done,3}/{total}] {mark} {result.Cell.Name.PadRight(nameWidth)}  {result.Verdict.Text}");
        if (Console.IsOutputRedirected)
        {
            Console.Out.WriteLine(line);
            if (comparison.Diff is not null)
            {
                Console.Out.Write(comparison.Diff);
            }

            return;
        }

        AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
        if (comparison.Diff is not null)
        {
            AnsiConsole.Write(new Text(comparison.Diff, new Style(Color.Grey)));
        }
    }
}
