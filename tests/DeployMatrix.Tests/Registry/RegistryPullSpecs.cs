using System.Text.Json;
using CliWrap.Buffered;
using DeployMatrix.Tests.Cli;

namespace DeployMatrix.Tests.Registry;

/// <summary>
/// The pull path users' CI takes for public images, run against a real registry on loopback: multi-platform indexes,
/// pinned digests, the pull policy, and each way a pull fails, which fails before any container starts.
/// </summary>
public sealed class RegistryPullSpecs(RegistryImages registries) : IClassFixture<RegistryImages>, IDisposable
{
    /// <summary>What a run writes, removed before the next so that each run's files are its own.</summary>
    private static readonly string[] RunOutputs = ["snapshots", "reports", "__snapshots__"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("deploymatrix-registry-spec-");

    [Fact]
    public async Task Each_cell_runs_on_its_own_platforms_image_of_the_index_and_the_report_records_the_index_digest()
    {
        var run = await RunAsync($"{registries.Open.Host}/debian:12", RegistryImages.AllThree.Select(p => p.Name));

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var cells = Report().ToList();
        Assert.Equal(3, cells.Count);
        Assert.All(cells, cell => Assert.Equal(registries.Debian12, cell.GetProperty("imageDigest").GetString()));
        Assert.Equal(["aarch64", "i686", "x86_64"], Received().Select(Machine).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fingerprint_files_of_a_pulled_image_make_its_missing_libraries_known_to_predictions()
    {
        var fingerprints = Path.Combine(_directory.FullName, "fingerprints");
        var needsLibpq = HarnessAssets.Locate().Fixture(DeployMatrix.Platforms.KnownPlatforms.Amd64, "needs-libpq");

        var taken = await DeployMatrixCli.RunAsync(
            ["fingerprint", $"{registries.Open.Host}/debian:12", "--platform", "linux/amd64", "--platform", "linux/arm64", "--out", fingerprints], _directory.FullName);
        var predicted = await DeployMatrixCli.RunAsync(["predict", "--binary", needsLibpq, "--fingerprints", fingerprints], _directory.FullName);

        Assert.True(taken.ExitCode == 0, taken.StandardOutput + taken.StandardError);
        Assert.Equal(["debian-12-aarch64.fingerprint.json", "debian-12-x86_64.fingerprint.json"], Directory.GetFiles(fingerprints).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(predicted.ExitCode == 0, predicted.StandardOutput + predicted.StandardError);
        var rows = predicted.StandardOutput.Split('\n').Select(line => line.Trim()).ToList();
        Assert.Contains(rows, row => row.StartsWith("Debian:", StringComparison.Ordinal) && row.EndsWith("not recorded: libpq.so.5", StringComparison.Ordinal));
        Assert.Contains("Debian (fingerprinted):        not the one recorded, 12 (glibc 2.36): no libpq.so.5", rows);
    }

    [Fact]
    public async Task A_reference_pinned_to_the_index_digest_is_pulled_and_run()
    {
        var run = await RunAsync($"{registries.Open.Host}/debian@{registries.Debian12}", ["linux/arm64", "linux/amd64"]);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.All(Report(), cell => Assert.Equal(registries.Debian12, cell.GetProperty("imageDigest").GetString()));
        Assert.Equal(["aarch64", "x86_64"], Received().Select(Machine).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_run_asks_the_registry_nothing_and_pull_always_asks_again()
    {
        var image = $"{registries.Open.Host}/debian:12";
        await RunAsync(image, ["linux/amd64"]);
        var afterFirst = registries.Open.EngineRequests;

        var second = await RunAsync(image, ["linux/amd64"]);
        var afterSecond = registries.Open.EngineRequests;
        var always = await RunAsync(image, ["linux/amd64"], "always");

        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.True(afterFirst > 0, "the first run did not pull from the registry");
        Assert.Equal(afterFirst, afterSecond);
        Assert.True(always.ExitCode == 0, always.StandardOutput + always.StandardError);
        Assert.True(registries.Open.EngineRequests > afterSecond, "pull: always did not ask the registry");
    }

    [Fact]
    public async Task Pull_never_fails_for_an_image_that_is_not_here_and_names_the_target()
    {
        await AssertFailsBeforeAnyContainerAsync(
            $"{registries.Open.Host}/debian:12-two", ["linux/arm64"], "not pulled: pull: never (target registry)", pull: "never");
    }

    [Fact]
    public async Task A_registry_that_does_not_answer_is_named()
    {
        var host = $"127.0.0.1:{LocalRegistry.FreePort()}";
        await registries.RemovePulledFromAsync(host);

        await AssertFailsBeforeAnyContainerAsync($"{host}/debian:12", ["linux/amd64"], "does not answer; start it, or set pull: never");
    }

    [Fact]
    public async Task An_unknown_tag_is_named()
    {
        await AssertFailsBeforeAnyContainerAsync($"{registries.Open.Host}/debian:11", ["linux/amd64"], "has no such tag or repository");
    }

    [Fact]
    public async Task A_platform_the_index_lacks_is_named()
    {
        await AssertFailsBeforeAnyContainerAsync(
            $"{registries.Open.Host}/debian:12-two", ["linux/386"], "has no image for linux/386: its index lists other platforms only");
    }

    [Fact]
    public async Task A_registry_asking_for_credentials_is_named_and_the_docker_configs_credentials_are_used()
    {
        var image = $"{registries.Private.Host}/debian:12";
        var config = Directory.CreateDirectory(Path.Combine(_directory.FullName, "docker-config"));

        await AssertFailsBeforeAnyContainerAsync(image, ["linux/amd64"], $"{registries.Private.Host} asks for credentials", dockerConfig: config.FullName);
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{LocalRegistry.User}:{LocalRegistry.Password}"));
        await File.WriteAllTextAsync(Path.Combine(config.FullName, "config.json"), new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject { [registries.Private.Host] = new System.Text.Json.Nodes.JsonObject { ["auth"] = auth } },
        }.ToJsonString(), TestContext.Current.CancellationToken);
        var run = await RunAsync(image, ["linux/amd64"], dockerConfig: config.FullName);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task AssertFailsBeforeAnyContainerAsync(
        string image, IEnumerable<string> platforms, string expected, string? pull = null, string? dockerConfig = null)
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var runId = $"registry-spec-{Guid.NewGuid():N}";
        var run = await RunAsync(image, platforms, pull, dockerConfig, runId);
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("no container was started", run.StandardError, StringComparison.Ordinal);
        var created = await CliWrap.Cli.Wrap("docker")
            .WithArguments(["events", "--since", $"{since}", "--until", $"{until}", "--filter", $"label=io.deploymatrix.run={runId}", "--filter", "event=create"])
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        Assert.Equal("", created.StandardOutput.Trim());
    }

    private async Task<BufferedCommandResult> RunAsync(
        string image, IEnumerable<string> platforms, string? pull = null, string? dockerConfig = null, string? runId = null)
    {
        foreach (var old in RunOutputs.Select(d => Path.Combine(_directory.FullName, d)).Where(Directory.Exists))
        {
            Directory.Delete(old, recursive: true);
        }

        var root = HarnessAssets.Locate().Root;
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "matrix.yaml"), $"""
            binaries:
              - name: hello-static
                path: {root}/fixtures/bin/{"{platform}"}/hello-static
                platforms: [linux/amd64, linux/386, linux/arm64]
            targets:
              - name: registry
                image: {image}
                platforms: [{string.Join(", ", platforms)}]
            {(pull is null ? "" : $"defaults:\n  pull: {pull}\n")}
            """);
        var environment = new Dictionary<string, string> { ["CI"] = "" };
        if (dockerConfig is not null)
        {
            environment["DOCKER_CONFIG"] = dockerConfig;
        }

        if (runId is not null)
        {
            environment[DeployMatrix.Engine.ContainerLabels.RunEnvironmentVariable] = runId;
        }

        return await DeployMatrixCli.RunAsync(["run", "--reports", Path.Combine(_directory.FullName, "reports")], _directory.FullName, environment);
    }

    private IEnumerable<JsonElement> Report()
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "reports", "report.json")));
        return [.. report.RootElement.GetProperty("cells").EnumerateArray().Select(cell => cell.Clone())];
    }

    /// <summary>The snapshots the run received (new cells): one per cell.</summary>
    /// <summary>The cells' received snapshots (not the builds' distribution tables).</summary>
    private IEnumerable<string> Received() =>
        Directory.EnumerateFiles(_directory.FullName, "*.snap", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith("@distributions.snap", StringComparison.Ordinal))
            .Select(File.ReadAllText);

    private static string Machine(string snapshot) =>
        snapshot.Split('\n').Single(line => line.StartsWith("machine: ", StringComparison.Ordinal))["machine: ".Length..];
}
