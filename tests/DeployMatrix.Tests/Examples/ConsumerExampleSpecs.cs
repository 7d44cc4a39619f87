using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Tests.Cli;

namespace DeployMatrix.Tests.Examples;

/// <summary>
/// examples/consumer used as a team would use it in its own repository: the packages of this solution on a local
/// feed, the example copied outside this repository, its own build, its own matrix and its committed snapshots,
/// <c>dotnet test</c> with one test per cell. A change to its build fails exactly the cells it changes, and
/// <c>deploymatrix accept</c> makes them pass again.
/// </summary>
public sealed partial class ConsumerExampleSpecs : IDisposable
{
    private static readonly string[] GreetCells =
    [
        .. from @case in new[] { "default", "named" }
           from target in new[] { "debian-11", "debian-12", "debian-13", "musl" }
           select $"greet/{@case} @ {target}/linux-amd64",
    ];

    private const string GreetDistributions = "greet @ linux-amd64 (distributions)";

    // A version of its own, so that no package NuGet cached from another build of this repository is taken instead.
    private readonly string _version = $"0.0.0-spec.{Guid.NewGuid():N}";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("deploymatrix-consumer-");

    private string Example => Path.Combine(_directory.FullName, "consumer");

    private string TestProject => Path.Combine(Example, "tests", "Consumer.Tests");

    [Fact]
    public async Task The_packages_require_each_other_at_exactly_their_own_version()
    {
        await PackAndCopyAsync();

        using var xunit = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Example, "packages", $"DeployMatrix.Xunit.{_version}.nupkg"));
        using var nuspec = new StreamReader(xunit.GetEntry("DeployMatrix.Xunit.nuspec")!.Open());

        Assert.Contains($"<dependency id=\"DeployMatrix\" version=\"[{_version}]\"", await nuspec.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_example_passes_one_test_per_cell_fails_the_cells_a_build_change_breaks_and_passes_once_they_are_accepted()
    {
        await PackAndCopyAsync();

        await RunAsync("make", ["-s"], Example);
        var clean = await DotnetTestAsync();
        await RunAsync("make", ["-s", "clean", "all", "LDLIBS=-Wl,--no-as-needed -lpq"], Example);
        var broken = await DotnetTestAsync();
        var accept = await RunAsync("dotnet", [DeployMatrixCli.AssemblyPath, "accept"], Example);
        var accepted = await DotnetTestAsync();

        // 12 cells and the distribution tables of the 2 builds; linking libpq changes greet's table too.
        Assert.True(clean.Passed == 14 && clean.Failed.Count == 0, clean.Output);
        Assert.Equal(GreetCells.Append(GreetDistributions).Order(), broken.Failed.Order());
        Assert.Equal(5, broken.Passed);
        Assert.All(GreetCells, cell => Assert.Matches(@"The snapshot changed[\s\S]*\n\s*- runs on: [\s\S]*\n\s*\+ runs on: ", broken.FailureOf(cell)));
        Assert.Equal(0, accept.ExitCode);
        Assert.Contains("not recorded: libpq.so.5", broken.FailureOf(GreetDistributions), StringComparison.Ordinal);
        Assert.True(accepted.Passed == 14 && accepted.Failed.Count == 0, accepted.Output);
    }

    [Fact]
    public async Task The_example_says_what_is_missing_when_no_engine_answers_and_when_an_image_is_not_here()
    {
        await PackAndCopyAsync();
        await RunAsync("make", ["-s"], Example);

        var noEngine = await DotnetTestAsync(new() { ["DOCKER_HOST"] = $"unix://{Path.Combine(_directory.FullName, "no-engine.sock")}" });
        var matrix = Path.Combine(Example, "matrix.yaml");
        await File.WriteAllTextAsync(matrix, (await File.ReadAllTextAsync(matrix, TestContext.Current.CancellationToken))
            .Replace("deploymatrix/musl:1.2.3-{arch}", "deploymatrix/musl:1.1.24-{arch}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var noImage = await DotnetTestAsync();

        Assert.Contains(
            $"No Docker engine answers at unix://{_directory.FullName}/no-engine.sock (DOCKER_HOST: there is no socket {_directory.FullName}/no-engine.sock)",
            noEngine.Output,
            StringComparison.Ordinal);
        Assert.Contains("apt-get install docker.io, then start dockerd), with runc and bubblewrap beside it", noEngine.Output, StringComparison.Ordinal);
        Assert.Contains("A target that is a root file system directory (rootfs:) needs none of them.", noEngine.Output, StringComparison.Ordinal);
        Assert.Contains(
            "deploymatrix/musl:1.1.24-amd64 is missing: it is one of DeployMatrix's local images, made from Debian's packages on this machine " +
            "by `deploymatrix images build` (`deploymatrix images list` names the tags it makes)",
            noImage.Output,
            StringComparison.Ordinal);
        // The distribution tables need no engine and no image, so only the 12 cells fail without either.
        Assert.True(noEngine.Failed.Count == 12 && noEngine.Passed == 2, noEngine.Output);
        Assert.True(noImage.Failed.Count == 12 && noImage.Passed == 2, noImage.Output);
        Assert.All(new[] { noEngine, noImage }, run => Assert.DoesNotContain("./dm", run.Output, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _directory.Delete(recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in new[] { "deploymatrix", "deploymatrix.xunit" })
        {
            var cached = new DirectoryInfo(Path.Combine(cache, package, _version));
            if (cached.Exists)
            {
                cached.Delete(recursive: true);
            }
        }
    }

    /// <summary>
    /// Packs the two packages the example uses from what this test run was built from, and copies the example as a
    /// clone would have it. Not the tool: its packages are published per platform, which a pack without a build cannot do.
    /// </summary>
    private async Task PackAndCopyAsync()
    {
        var root = HarnessAssets.Locate().Root;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        foreach (var project in new[] { "harness/DeployMatrix", "harness/DeployMatrix.Xunit" })
        {
            await RunAsync(
                "dotnet",
                ["pack", project, "-c", configuration, "--no-build", "-nologo", "-v", "quiet", "-o", Path.Combine(Example, "packages"), $"-p:Version={_version}"],
                root);
        }

        var source = Path.Combine(root, "examples", "consumer");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (!relative.Split('/').Any(part => part is "bin" or "obj" or "build" or "packages" or "__mismatch__"))
            {
                var target = Path.Combine(Example, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    /// <summary>
    /// <c>dotnet test</c> of the example as its CI would run it (<c>CI</c> set: a missing snapshot fails too), and the
    /// cells that failed, read from its output.
    /// </summary>
    private async Task<TestRun> DotnetTestAsync(Dictionary<string, string?>? environment = null)
    {
        var run = await RunAsync("dotnet", ["test", $"-p:DeployMatrixVersion={_version}"], TestProject, check: false, ci: true, environment);
        var output = run.StandardOutput + run.StandardError;
        var passed = SucceededLine().Match(output) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        return new TestRun(passed, [.. FailedLine().Matches(output).Select(m => m.Groups[1].Value)], output);
    }

    private static async Task<BufferedCommandResult> RunAsync(
        string program, string[] arguments, string directory, bool check = true, bool ci = false, Dictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(environment ?? [])
        {
            ["CI"] = ci ? "true" : null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            // No build server may outlive the spec, holding the test run's output open.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        var result = await CliWrap.Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(directory)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        Assert.True(!check || result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} in {directory} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    [GeneratedRegex(@"^\s*succeeded: (\d+)", RegexOptions.Multiline)]
    private static partial Regex SucceededLine();

    [GeneratedRegex(@"^failed (.+?)\((?:cell|build): ", RegexOptions.Multiline)]
    private static partial Regex FailedLine();

    private sealed record TestRun(int Passed, IReadOnlyList<string> Failed, string Output)
    {
        /// <summary>What the run printed for one failed cell: from its <c>failed</c> line to the next one.</summary>
        public string FailureOf(string cell)
        {
            var start = Output.IndexOf($"failed {cell}(", StringComparison.Ordinal);
            Assert.True(start >= 0, $"{cell} did not fail:\n{Output}");
            var end = Output.IndexOf("\nfailed ", start + 1, StringComparison.Ordinal);
            return Output[start..(end < 0 ? Output.Length : end)];
        }
    }
}
