using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;

namespace DeployMatrix.Benchmarks;

/// <summary>
/// What `./dm setup` does after its apt step on a fresh machine, timed: the fixtures built into a directory of their
/// own, beside every image of the catalog built from an empty work directory under names of its own (the catalog's,
/// below <c>deploymatrix-cold/</c>), which are removed afterwards with everything else it made.
/// </summary>
internal sealed class ColdStart : IDisposable
{
    private const string Prefix = "deploymatrix-cold/";
    private readonly string _directory = Directory.CreateTempSubdirectory("deploymatrix-bench-cold-").FullName;
    private readonly HarnessAssets _assets;

    public ColdStart(HarnessAssets assets) => _assets = assets;

    /// <summary>
    /// The whole, and each of the two builds, run as <c>./dm setup</c> runs them: what the images need of the
    /// fixtures first (make's <c>launcher</c>), then the other fixtures (one job per core) beside the images.
    /// </summary>
    public async Task<(TimeSpan Total, TimeSpan Fixtures, TimeSpan Images)> MeasureAsync(string cli)
    {
        var bin = $"BIN={Path.Combine(_directory, "bin")}";
        var fixturesDirectory = Path.Combine(_assets.Root, "fixtures");
        var total = Stopwatch.StartNew();
        await Run("make", ["-s", "-C", fixturesDirectory, bin, "launcher"]);
        var fixtures = TimeAsync(() => Run("make", ["-s", $"-j{Environment.ProcessorCount}", "-C", fixturesDirectory, bin]));

        // Beside the catalog, whose sysroot entries name files relative to it.
        var original = Path.Combine(_assets.Root, HarnessAssets.CheckoutMarker);
        var catalog = Path.Combine(Path.GetDirectoryName(original)!, $"cold-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(catalog, (await File.ReadAllTextAsync(original)).Replace("name: deploymatrix/", "name: " + Prefix, StringComparison.Ordinal));
        try
        {
            var images = await TimeAsync(() => Run(cli, ["images", "build", "--catalog", catalog, "--work-dir", Path.Combine(_directory, "work")]));
            var fixturesTime = await fixtures;
            return (total.Elapsed, fixturesTime, images);
        }
        finally
        {
            File.Delete(catalog);
            // Never leave make writing into the directory Dispose removes.
            await Task.WhenAny(fixtures);
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var stopwatch = Stopwatch.StartNew();
        await run();
        return stopwatch.Elapsed;
    }

    /// <summary>Removes every image under the scratch names, also those of a build that failed half way, and the directory.</summary>
    public void Dispose()
    {
        var images = Run("docker", ["images", "--quiet", "--filter", $"reference={Prefix}*"]).GetAwaiter().GetResult().StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        if (images.Length > 0)
        {
            Run("docker", ["rmi", "--force", .. images]).GetAwaiter().GetResult();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<BufferedCommandResult> Run(string program, string[] arguments) =>
        await Cli.Wrap(program).WithArguments(arguments).ExecuteBufferedAsync();
}
