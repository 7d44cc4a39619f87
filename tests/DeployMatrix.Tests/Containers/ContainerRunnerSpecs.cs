using DeployMatrix.Containers;
using DeployMatrix.Matrix;
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

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_container_has_no_network_but_loopback(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/cat", "/proc/net/dev"]);

        var interfaces = run.Stdout.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim());
        Assert.Equal(["lo"], interfaces);
    }

    /// <summary>The engine's network sysctls: a program may bind a low port without a capability, and ping.</summary>
    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_program_may_bind_low_ports_and_ping_as_under_the_engine(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start", "/proc/sys/net/ipv4/ping_group_range"]);

        Assert.Equal("0\n0\t2147483647\n", run.Stdout);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_program_has_no_capabilities_and_cannot_gain_privileges(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/grep", "-E", "^(Cap|NoNewPrivs)", "/proc/self/status"]);

        Assert.Equal(
            "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n" +
            "CapAmb:\t0000000000000000\nNoNewPrivs:\t1\n",
            run.Stdout);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_fork_bomb_meets_the_process_limit(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/bash", "-c", "for i in $(seq 200); do sleep 30 & done; wait"], TimeSpan.FromSeconds(5));

        Assert.Contains("Resource temporarily unavailable", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_program_past_the_memory_limit_is_killed_by_the_kernel(string runtime)
    {
        // tail keeps a line it has not seen the end of: 400 MB without a newline cannot fit in 256 MiB.
        var run = await RunAsync(runtime, ["/bin/sh", "-c", "head -c 400000000 /dev/zero | tail -n 1 > /dev/null"], TimeSpan.FromSeconds(60));

        Assert.True(run.OutOfMemory, $"exit status {run.ExitCode}, stderr: {run.Stderr}");
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_program_killed_by_another_SIGKILL_is_not_said_to_be_out_of_memory(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/sh", "-c", "sleep 30 & kill -KILL $!; wait $!"], TimeSpan.FromSeconds(20));

        Assert.Equal(137, run.ExitCode);
        Assert.False(run.OutOfMemory);
        Assert.False(run.TimedOut);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task Output_beyond_the_limit_is_cut_and_said_to_be_and_its_beginning_is_kept(string runtime)
    {
        var limits = RunnerSettings.Default.Limits with { OutputBytes = 1000 };

        var run = await RunAsync(runtime, ["/usr/bin/seq", "1000000000"], TimeSpan.FromSeconds(2), limits);

        Assert.True(run.StdoutTruncated);
        var expected = string.Concat(Enumerable.Range(1, 1000).Select(n => $"{n}\n"))[..1000];
        Assert.Equal(expected, run.Stdout);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task Output_written_just_before_the_program_ends_is_all_kept(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/sh", "-c", "head -c 60000 /dev/zero | tr '\\0' o; head -c 30000 /dev/zero | tr '\\0' e >&2"]);

        Assert.Equal(new string('o', 60000), run.Stdout);
        Assert.Equal(new string('e', 30000), run.Stderr);
        Assert.False(run.StdoutTruncated);
        Assert.False(run.StderrTruncated);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task Input_larger_than_a_pipe_is_fed_while_the_output_is_read(string runtime)
    {
        var input = string.Concat(Enumerable.Range(0, 20000).Select(n => $"line {n}\n"));
        var limits = RunnerSettings.Default.Limits with { OutputBytes = 1024 * 1024 };

        var run = await harness.RunnerFor(runtime).RunAsync(new ContainerRequest
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

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_copied_binary_is_executable_and_run_without_a_shell(string runtime)
    {
        var run = await harness.RunnerFor(runtime).RunAsync(new ContainerRequest
        {
            Image = Debian,
            Platform = KnownPlatforms.Amd64,
            Command = ["/app/echo-stdin", "one", "two words"],
            Files = [new ContainerFile(harness.Assets.Fixture(KnownPlatforms.Amd64, "echo-stdin"), "/app/echo-stdin")],
            Environment = new Dictionary<string, string> { ["DM_GREETING"] = "hi" },
            Stdin = "from stdin\n"u8.ToArray(),
            Limits = RunnerSettings.Default.Limits,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("from stdin\narg[1]=one\narg[2]=two words\nargs: 2 env DM_GREETING=hi\n", run.Stdout);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_program_past_its_timeout_is_killed_and_its_container_removed(string runtime)
    {
        var started = DateTimeOffset.UtcNow;

        var run = await RunAsync(runtime, ["/bin/sleep", "600"], TimeSpan.FromSeconds(1));

        Assert.True(run.TimedOut, $"not timed out: {run}");
        Assert.Equal(137, run.ExitCode);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.False(await ExistsAsync(runtime, run.ContainerId!));
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task Every_container_is_removed_after_its_run(string runtime)
    {
        var run = await RunAsync(runtime, ["/bin/true"]);

        Assert.False(await ExistsAsync(runtime, run.ContainerId!));
    }

    [Theory]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task A_program_gets_the_same_environment_from_the_engine_and_from(string runtime)
    {
        var request = new ContainerRequest
        {
            Image = Debian,
            Platform = KnownPlatforms.Amd64,
            Command = ["/usr/bin/env"],
            Environment = new Dictionary<string, string> { ["DM_FIRST"] = "1", ["PATH"] = "/usr/bin:/bin", ["DM_LAST"] = "2" },
            Limits = RunnerSettings.Default.Limits,
        };

        var docker = await harness.RunnerFor("docker").RunAsync(request, TestContext.Current.CancellationToken);
        var other = await harness.RunnerFor(runtime).RunAsync(request, TestContext.Current.CancellationToken);

        // The host name is each container's own; everything else, order included, is the engine's rule.
        Assert.Equal(WithoutHostname(docker.Stdout), WithoutHostname(other.Stdout));
        Assert.StartsWith("PATH=/usr/bin:/bin\nHOSTNAME=", other.Stdout, StringComparison.Ordinal);
    }

    private static string WithoutHostname(string environment) =>
        System.Text.RegularExpressions.Regex.Replace(environment, "^HOSTNAME=[0-9a-f]{12}$", "HOSTNAME=…", System.Text.RegularExpressions.RegexOptions.Multiline);

    private Task<ContainerResult> RunAsync(string runtime, IReadOnlyList<string> command, TimeSpan? timeout = null, ContainerLimits? limits = null) =>
        harness.RunnerFor(runtime).RunAsync(
            new ContainerRequest
            {
                Image = Debian,
                Platform = KnownPlatforms.Amd64,
                Command = command,
                Timeout = timeout ?? TimeSpan.FromSeconds(30),
                Limits = limits ?? RunnerSettings.Default.Limits,
            },
            TestContext.Current.CancellationToken);

    private async Task<bool> ExistsAsync(string runtime, string containerId)
    {
        if (runtime == "runc")
        {
            return Directory.Exists(Path.Combine(DeployMatrix.Containers.Runc.RuncSession.RuncRoot, containerId));
        }

        if (runtime == "bubblewrap")
        {
            // No runtime state: what would be left is the container's cgroups and its bundle.
            return DeployMatrix.Containers.Runc.Cgroups.Below(DeployMatrix.Containers.Runc.RuncBundle.CgroupsParent).Contains(containerId)
                   || Directory.Exists(Path.Combine(harness.Session.Bubblewrap.SessionDirectory, containerId));
        }

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
