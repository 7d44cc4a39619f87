using System.Diagnostics;
using System.Globalization;
using DeployMatrix.Engine;
using DeployMatrix.Images;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix images build</c>: builds what Docker lacks or holds stale, one line per event.</summary>
public sealed class ImagesBuildCommand : AsyncCommand<ImagesBuildSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ImagesBuildSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var targets = settings.LoadTargets();
        var engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var options = new ImageBuildOptions(settings.WorkDirectory ?? ImageBuildOptions.DefaultWorkDirectory(), settings.Parallel);
        var report = new BuildReport(targets.Max(t => t.Tag.Length));

        var run = await new ImageBuilder(engine, options).EnsureAsync(targets, report, cancellationToken).ConfigureAwait(false);
        if (run.LeftoversRemoved is var leftovers and > 0)
        {
            Console.Error.WriteLine($"Removed {leftovers} build director{(leftovers == 1 ? "y" : "ies")} left by an earlier build that was killed.");
        }

        var where = run.Where is null ? "" : $"; built {run.Where}";
        report.WriteLine("green", string.Create(
            CultureInfo.InvariantCulture,
            $"{targets.Count} image{(targets.Count == 1 ? "" : "s")} present ({report.Built} built, {targets.Count - report.Built} up to date) in {stopwatch.Elapsed.TotalSeconds:0.0} s{where}"));
        return ExitCodes.Success;
    }

    /// <summary>
    /// One line per event, written as it happens (the builds report from several threads): coloured on a terminal,
    /// plain and never wrapped otherwise, for logs and scripts.
    /// </summary>
    private sealed class BuildReport(int tagWidth) : IProgress<ImageBuildEvent>
    {
        private readonly Lock _lock = new();
        private readonly bool _plain = Console.IsOutputRedirected;

        private int _built;

        public int Built => _built;

        public void Report(ImageBuildEvent value)
        {
            var (colour, text) = value.Kind switch
            {
                ImageBuildEventKind.UpToDate => ("grey", "up to date"),
                ImageBuildEventKind.Started => ("blue", $"building: {value.Detail}"),
                ImageBuildEventKind.Built => ("green", string.Create(
                    CultureInfo.InvariantCulture, $"built in {value.Elapsed?.TotalSeconds:0} s, {ImagesListCommand.Megabytes(value.Size ?? 0)}")),
                // The first line only: the whole error follows once all builds are done.
                _ => ("red", string.Create(
                    CultureInfo.InvariantCulture, $"failed after {value.Elapsed?.TotalSeconds:0} s: {value.Detail?.Split('\n')[0]}")),
            };
            if (value.Kind == ImageBuildEventKind.Built)
            {
                Interlocked.Increment(ref _built);
            }

            WriteLine(colour, text, value.Target.Tag.PadRight(tagWidth) + "  ");
        }

        public void WriteLine(string colour, string text, string prefix = "")
        {
            lock (_lock)
            {
                if (_plain)
                {
                    Console.Out.WriteLine(prefix + text);
                }
                else
                {
                    AnsiConsole.MarkupLine($"{Markup.Escape(prefix)}[{colour}]{Markup.Escape(text)}[/]");
                }
            }
        }
    }
}
