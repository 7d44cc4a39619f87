using System.Diagnostics;
using System.Globalization;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Pipeline;
using DeployMatrix.Predictions;
using DeployMatrix.Reports;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix run</c>: runs every cell of a matrix in a container and compares it with its snapshot. Exits 0
/// only when every cell matches its snapshot and its prediction; a new or changed cell leaves its received file for
/// review. On a terminal it shows live progress, then one line per cell; otherwise one plain line per cell as it ends.
/// </summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var matrix = MatrixReader.Load(Environment.CurrentDirectory, MatrixOverrides.From(context.Remaining), settings.Matrix);
        var cells = matrix.Cells();
        var store = new SnapshotStore(matrix.SnapshotDirectory);

        await using var session = await Sessions.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var run = new MatrixRun(session, matrix, cancellationToken: cancellationToken);
        Console.Out.WriteLine($"runtime: {await run.RuntimeAsync().ConfigureAwait(false)}");
        if (session.EngineIfAny is { Podman: not null } podman)
        {
            // Docker's runs keep their one line; podman's say which podman, where, why that one, and which limits it drops.
            Console.Out.WriteLine($"engine: {podman.Endpoint} ({podman.EndpointReason}): {podman.Describe()}");
        }

        var reports = settings.Reports is null ? null : new MatrixReportBuilder(matrix, Environment.CurrentDirectory);
        var outcomes = new List<JudgedCell>();
        var nameWidth = cells.Max(c => c.Name.Length);
        async Task RunAllAsync(Action<JudgedCell> finished)
        {
            await foreach (var judged in run.JudgedAsCompletedAsync().WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                outcomes.Add(judged);
                reports?.Add(judged.Result, judged.Comparison);
                finished(judged);
            }
        }

        try
        {
            await RunAsync(cells, outcomes, nameWidth, RunAllAsync).ConfigureAwait(false);
        }
        catch (EngineUnavailableException lost)
        {
            // The cells that finished are kept: their received snapshots are written, and so are the reports.
            var kept = $"{outcomes.Count} of {cells.Count} cells had finished";
            if (reports is not null)
            {
                ReportCommand.Write(reports.Build(DateTimeOffset.UtcNow, $"the engine went away after {outcomes.Count} of {cells.Count} cells"), settings.Reports!, ReportFormat.All);
                kept += $"; their results are in {settings.Reports}";
            }

            throw new EngineUnavailableException($"{lost.Message} {kept}; what it left in the engine, the next run removes.", lost);
        }

        var builds = run.JudgedBuilds();
        foreach (var build in builds)
        {
            reports?.Add(build.Build, build.Table, build.Comparison);
            if (build.Comparison.State != SnapshotState.Matches)
            {
                Console.Out.WriteLine($"{Mark(build.Comparison.State).Text} {build.Build.Name}");
                Console.Out.Write(build.Comparison.Diff ?? "");
            }
        }

        var review = outcomes.Count(o => o.Judgement.Fails) + builds.Count(b => b.Judgement.Fails);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cells.Count} cells in {stopwatch.Elapsed.TotalSeconds:0.0} s: {Count(outcomes, SnapshotState.Matches)} match, " +
            $"{Count(outcomes, SnapshotState.Changed)} changed, {Count(outcomes, SnapshotState.New)} new, " +
            $"{outcomes.Count(o => o.Result.Explanation.Agreement == Agreement.Disagrees)} contradict their prediction, " +
            $"{Count(outcomes, SnapshotState.NotCompared)} inconclusive under emulation"));
        Console.Out.WriteLine(
            $"{builds.Count} distribution tables: {builds.Count(b => b.Comparison.State == SnapshotState.Matches)} match, " +
            $"{builds.Count(b => b.Comparison.State == SnapshotState.Changed)} changed, {builds.Count(b => b.Comparison.State == SnapshotState.New)} new");
        var inconclusive = outcomes.Where(o => o.Comparison.State == SnapshotState.NotCompared).Select(o => o.Result.Cell.Platform).Distinct().ToList();
        if (inconclusive.Count > 0)
        {
            Console.Out.WriteLine(
                $"Inconclusive cells ran through an emulator and crashed, were killed or hung where the binary should start; their snapshots " +
                $"are left as they were. Run the {string.Join(", ", inconclusive)} cells on machines of that platform " +
                $"({string.Join(", ", inconclusive.Select(p => $"{p}: {p.GitHubRunner}"))} on GitHub Actions) to decide them.");
        }
        // New cells leave received files on a workstation too, where they do not fail the run.
        if (outcomes.Select(o => o.Comparison).Concat(builds.Select(b => b.Comparison)).Any(c => c.State is SnapshotState.New or SnapshotState.Changed))
        {
            Console.Out.WriteLine(
                $"Received files are in {Path.Combine(store.Directory, SnapshotStore.VerifiedFolder, SnapshotStore.ReceivedFolder)}: " +
                $"review them, then accept them with: deploymatrix accept {MatrixSources.DisplayPath(matrix.File)} (--cell NAME for one)");
        }

        if (reports is not null)
        {
            ReportCommand.Write(reports.Build(DateTimeOffset.UtcNow), settings.Reports!, ReportFormat.All);
        }

        return ExitCodes.ForReview(review == 0);
    }

    /// <summary>Live progress on a terminal, then one line per cell in matrix order; otherwise one plain line per cell as it ends.</summary>
    private static async Task RunAsync(
        IReadOnlyList<MatrixCell> cells, List<JudgedCell> outcomes, int nameWidth, Func<Action<JudgedCell>, Task> runAll)
    {
        var progress = new RunProgress(cells.Count);
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await ShowProgressAsync(cells, progress, runAll).ConfigureAwait(false);
            var order = cells.Select((cell, i) => (cell.Name, i)).ToDictionary(x => x.Name, x => x.i);
            foreach (var outcome in outcomes.OrderBy(o => order[o.Result.Cell.Name]))
            {
                Write(outcome, nameWidth, plain: false);
            }
        }
        else
        {
            await runAll(outcome =>
            {
                progress.CellDone();
                Write(outcome, nameWidth, plain: true, outcomes.Count, cells.Count);
                if (progress.IsMilestone)
                {
                    Console.Out.WriteLine($"progress: {progress.Describe()}");
                }
            }).ConfigureAwait(false);
        }
    }

    private static int Count(List<JudgedCell> outcomes, SnapshotState state) => outcomes.Count(o => o.Comparison.State == state);

    /// <summary>A line for the whole run (rate and time left), then one progress bar per binary, each showing the last verdict its cells gave.</summary>
    private static Task ShowProgressAsync(IReadOnlyList<MatrixCell> cells, RunProgress progress, Func<Action<JudgedCell>, Task> run) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var whole = context.AddTask(progress.Describe(), maxValue: cells.Count);
                var bars = cells.GroupBy(c => c.Binary.Name)
                    .ToDictionary(g => g.Key, g => context.AddTask(Markup.Escape(g.Key), maxValue: g.Count()));
                await run(outcome =>
                {
                    progress.CellDone();
                    whole.Increment(1);
                    whole.Description = progress.Describe();
                    var bar = bars[outcome.Result.Cell.Binary.Name];
                    bar.Increment(1);
                    bar.Description = Markup.Escape($"{outcome.Result.Cell.Binary.Name}: {outcome.Result.Cell.Target.Name}/{outcome.Result.Cell.Platform.Slug} {outcome.Result.Verdict.Text}");
                }).ConfigureAwait(false);
            });

    private static void Write(JudgedCell outcome, int nameWidth, bool plain, int done = 0, int total = 0)
    {
        var (mark, colour) = outcome.Result.Explanation.Agreement == Agreement.Disagrees ? ("DIFFERS", "red") : Mark(outcome.Comparison.State);
        var counter = total == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"[{done,3}/{total}] ");
        var line = $"{counter}{mark} {outcome.Result.Cell.Name.PadRight(nameWidth)}  {outcome.Result.Verdict.Text}";
        if (plain)
        {
            Console.Out.WriteLine(line);
            Console.Out.Write(outcome.Comparison.Diff ?? "");
            return;
        }

        AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
        if (outcome.Comparison.Diff is not null)
        {
            AnsiConsole.Write(new Text(outcome.Comparison.Diff, new Style(Color.Grey)));
        }
    }

    private static (string Text, string Colour) Mark(SnapshotState state) => state switch
    {
        SnapshotState.Matches => ("ok     ", "green"),
        SnapshotState.New => ("new    ", "yellow"),
        SnapshotState.NotCompared => ("inconcl", "yellow"),
        _ => ("changed", "red"),
    };
}
