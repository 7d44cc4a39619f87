using System.Globalization;
using CliWrap;
using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Running;

namespace DeployMatrix.Benchmarks;

/// <summary>
/// The baseline: what a person would script with the docker CLI for one cell, with the same limits, the binary
/// bind-mounted read-only, the same arguments, environment, stdin and timeout.
/// </summary>
internal static class DockerRunLoop
{
    /// <param name="cell">The cell to run.</param>
    /// <param name="limits">The harness's limits, given to docker run as options.</param>
    /// <param name="linux32Launcher">The i386 launcher, bind-mounted for linux/386 cells.</param>
    /// <param name="labels">
    /// The harness session's labels: a container that outlives its cancelled docker client (the engine can still be
    /// starting it when `docker rm -f` comes) is removed with the session's own.
    /// </param>
    public static async Task RunAsync(MatrixCell cell, ContainerLimits limits, string linux32Launcher, IReadOnlyDictionary<string, string> labels)
    {
        var name = $"deploymatrix-bench-{Guid.NewGuid():N}";
        var program = cell.ProgramPath;
        List<string> arguments =
        [
            "run", "--rm", "-i", "--name", name, .. labels.SelectMany(label => (string[])["--label", $"{label.Key}={label.Value}"]),
            "--platform", cell.Platform.Name,
            "--network", "none", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--pids-limit", limits.Processes.ToString(CultureInfo.InvariantCulture),
            "--memory", limits.MemoryBytes.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var (host, container) in cell.Files())
        {
            arguments.AddRange(["-v", $"{host}:{container}:ro"]);
        }

        foreach (var (key, value) in cell.Case.Environment)
        {
            arguments.AddRange(["-e", $"{key}={value}"]);
        }

        if (cell.Platform.NeedsLinux32Personality)
        {
            arguments.AddRange(["-v", $"{linux32Launcher}:{Launch.Linux32LauncherPath}:ro", "--entrypoint", Launch.Linux32LauncherPath]);
        }

        arguments.AddRange([cell.Image, program, .. cell.Case.Args]);

        using var timeout = new CancellationTokenSource(cell.Case.Timeout);
        try
        {
            await Cli.Wrap("docker").WithArguments(arguments).WithValidation(CommandResultValidation.None)
                .WithStandardInputPipe(PipeSource.FromString(cell.Case.Stdin ?? ""))
                .ExecuteAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The docker client is gone, not the container: kill it as the harness does.
            await Cli.Wrap("docker").WithArguments(["rm", "-f", name]).WithValidation(CommandResultValidation.None).ExecuteAsync();
        }
    }
}
