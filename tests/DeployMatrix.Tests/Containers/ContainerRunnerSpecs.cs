using DeployMatrix.Containers;
using DeployMatrix.Platforms;
using Docker.DotNet;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// A binary under test is untrusted: it runs alone in a fresh container with no network, no capabilities, bounded
/// processes, memory and output, and the container is gone when the run ends, whatever happened.
/// </summary>
public sealed class ContainerRunnerSpecs(ContainerHarness harness)
{
    private const string Debian = "deploymatrix/debian:12-amd64";

    [Fact]
    public async Task A_container_has_no_network_but_loopback()
    {
        var run = await RunAsync(["/bin/cat", "/proc/net/dev"]);

        var interfaces = run.Stdout.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim());
        Assert.Equal(["lo"], interfaces);
    }

    [Fact]
    public async Task A_program_has_no_capabilities_and_cannot_gain_privileges()
    {
        var run = await RunAsync(["/bin/grep", "-E", "^(CapEff|CapBnd|NoNewPrivs)", "/proc/self/status"]);

        Assert.Contains("CapEff:\t0000000000000000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("CapBnd:\t0000000000000000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("NoNewPrivs:\t1", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fork_bomb_meets_the_process_limit()
    {
        var run = await RunAsync(["/bin/bash", "-c", "for i in $(seq 200); do sleep 30 & done; wait"], TimeSpan.FromSeconds(5));

        Assert.Contains("Resource temporarily unavailable", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_past_the_memory_limit_is_killed_by_the_kernel()
    {
        // tail keeps a line it has not seen the end of: 400 MB without a newline cannot fit in 256 MiB.
        var run = await RunAsync(["/bin/sh", "-c", "head -c 400000000 /dev/zero | tail -n 1 > /dev/null"], TimeSpan.FromSeconds(60));

        Assert.True(run.OutOfMemory, $"exit status {run.ExitCode}, stderr: {run.Stderr}");
    }

    [Fact]
    public async Task A_program_killed_by_another_SIGKILL_is_not_said_to_be_out_of_memory()
    {
        var run = await RunAsync(["/bin/sh", "-c", "sleep 30 & kill -KILL $!; wait $!"], TimeSpan.FromSeconds(20));

        Assert.Equal(137, run.ExitCode);
        Assert.False(run.OutOfMemory);
        Assert.False(run.TimedOut);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_cut_and_said_to_be_and_its_beginning_is_kept()
    {
        var limits = ContainerLimits.Default with { OutputBytes = 1000 };

        var run = await RunAsync(["/usr/bin/seq", "1000000000"], TimeSpan.FromSeconds(2), limits);

        Assert.True(run.StdoutTruncated);
        var expected = string.Concat(Enumerable.Range(1, 1000).Select(n => $"{n}\n"))[..1000];
        Assert.Equal(expected, run.Stdout);
    }

    [Fact]
    public async Task Output_written_just_before_the_program_ends_is_all_kept()
    {
        var run = await RunAsync(["/bin/sh", "-c", "head -c 60000 /dev/zero | tr '\\0' o; head -c 30000 /dev/zero | tr '\\0' e >&2"]);

        Assert.Equal(new string('o', 60000), run.Stdout);
        Assert.Equal(new string('e', 30000), run.Stderr);
        Assert.False(run.StdoutTruncated);
        Assert.False(run.StderrTruncated);
    }

    [Fact]
    public async Task Input_larger_than_a_pipe_is_fed_while_the_output_is_read()
    {
        var input = string.Concat(Enumerable.Range(0, 20000).Select(n => $"line {n}\n"));
        var limits = ContainerLimits.Default with { OutputBytes = 1024 * 1024 };

        var run = await harness.Runner.RunAsync(new ContainerRequest
        {
            Image = Debian,
            Platform = KnownPlatforms.Amd64,
            Command = ["/bin/cat"],
            Stdin = System.Text.Encoding.UTF8.GetBytes(input),
            Limits = limits,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(input, run.Stdout);
    }

    [Fact]
    public async Task A_copied_binary_is_executable_and_run_without_a_shell()
    {
        var run = await harness.Runner.RunAsync(new ContainerRequest
        {
            Image = Debian,
            Platform = KnownPlatforms.Amd64,
            Command = ["/app/echo-stdin", "one", "two words"],
            Files = [new ContainerFile(harness.Assets.Fixture(KnownPlatforms.Amd64, "echo-stdin"), "/app/echo-stdin")],
            Environment = new Dictionary<string, string> { ["DM_GREETING"] = "hi" },
            Stdin = "from stdin\n"u8.ToArray(),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from stdin\narg[1]=one\narg[2]=two words\nargs: 2 env DM_GREETING=hi\n", run.Stdout);
    }

    [Fact]
    public async Task A_program_past_its_timeout_is_killed_and_its_container_removed()
    {
        var started = DateTimeOffset.UtcNow;

        var run = await RunAsync(["/bin/sleep", "600"], TimeSpan.FromSeconds(1));

        Assert.True(run.TimedOut);
        Assert.Equal(137, run.ExitCode);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.False(await ExistsAsync(run.ContainerId!));
    }

    [Fact]
    public async Task Every_container_is_removed_after_its_run()
    {
        var run = await RunAsync(["/bin/true"]);

        Assert.False(await ExistsAsync(run.ContainerId!));
    }

    private Task<ContainerResult> RunAsync(IReadOnlyList<string> command, TimeSpan? timeout = null, ContainerLimits? limits = null) =>
        harness.Runner.RunAsync(
            new ContainerRequest
            {
                Image = Debian,
                Platform = KnownPlatforms.Amd64,
                Command = command,
                Timeout = timeout ?? TimeSpan.FromSeconds(30),
                Limits = limits ?? ContainerLimits.Default,
            },
            TestContext.Current.CancellationToken);

    private async Task<bool> ExistsAsync(string containerId)
    {
        using var client = harness.Session.Engine.CreateClient();
        try
        {
            await client.Containers.InspectContainerAsync(containerId, TestContext.Current.CancellationToken);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}
