namespace DeployMatrix.Tests.Hostile;

/// <summary>
/// The hostile matrix leaves the host as it found it: its disks, its processes, its network, and the engine holding
/// nothing of the run once its session has ended; under every runtime.
/// </summary>
public sealed class HostIntactSpecs(ContainerHarness harness)
{
    /// <summary>
    /// More than the other specs (and the engine's own bookkeeping) write meanwhile. What a program could leave on a
    /// disk outlives its container only outside it: a scratch left full, a volume not removed, a file on the host.
    /// </summary>
    private const long Tolerance = 100L << 20;

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task The_hosts_disks_have_as_much_free_space_after_the_run_as_before(string runtime)
    {
        var outcome = await harness.Hostile(runtime).OutcomeAsync();

        foreach (var disk in HostState.Disks)
        {
            var (before, after) = (outcome.Before.FreeBytes[disk], outcome.After.FreeBytes[disk]);
            Assert.True(
                Math.Abs(before - after) < Tolerance,
                $"{disk}: {before >> 20} MiB free before the hostile run, {after >> 20} MiB after");
        }
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task Nothing_the_programs_wrote_in_their_containers_is_on_the_host(string runtime)
    {
        var outcome = await harness.Hostile(runtime).OutcomeAsync();

        Assert.True(outcome.Before.Planted.Count == 0, $"already on the host before the run, so the run cannot be judged: {string.Join(", ", outcome.Before.Planted)}");
        Assert.Empty(outcome.After.Planted);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task No_process_of_the_programs_is_left_on_the_host(string runtime)
    {
        var outcome = await harness.Hostile(runtime).OutcomeAsync();

        // The scan sees processes in containers: it saw the two that run until their timeouts.
        Assert.Contains("/app/busy-loop", outcome.During.ProgramsSeen);
        Assert.Contains("/app/ignore-sigterm", outcome.During.ProgramsSeen);
        Assert.Empty(outcome.After.Processes);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task No_container_or_volume_of_the_run_is_left_in_the_engine(string runtime)
    {
        var outcome = await harness.Hostile(runtime).OutcomeAsync();

        Assert.NotEmpty(runtime != "docker" ? outcome.During.RuncSpecs : outcome.During.Containers);
        Assert.Empty(outcome.ContainersLeft);
        Assert.Empty(outcome.VolumesLeft);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task The_programs_ran_without_a_network_and_the_hosts_interfaces_stayed_the_same(string runtime)
    {
        var outcome = await harness.Hostile(runtime).OutcomeAsync();

        if (runtime != "docker")
        {
            AssertHardened(outcome.During.RuncSpecs.Values);
        }
        else
        {
            AssertHardened(outcome.During.Containers.Values);
        }

        Assert.Equal(outcome.Before.Interfaces, outcome.During.Interfaces.Order(StringComparer.Ordinal));
        Assert.Equal(outcome.Before.Interfaces, outcome.After.Interfaces);
    }

    private static void AssertHardened(IEnumerable<Docker.DotNet.Models.ContainerInspectResponse> containers)
    {
        var programs = containers.Where(c => HostileRun.Programs.Contains(c.Path)).ToList();
        Assert.NotEmpty(programs);
        Assert.All(programs, container =>
        {
            Assert.Equal("none", container.HostConfig?.NetworkMode);
            // With networking disabled the engine attaches no endpoint at all, not even to its "none" network.
            Assert.True(container.Config?.NetworkDisabled, $"{container.Path}: networking was not disabled");
            Assert.Empty(container.NetworkSettings?.Networks ?? throw new InvalidOperationException($"{container.Path}: no network settings"));
            // The root is writable, as the matrix asks; the binary's directory is not.
            Assert.False(container.HostConfig?.ReadonlyRootfs, $"{container.Path}: its root file system was read-only");
            Assert.Contains(container.Mounts ?? [], mount => mount.Destination == "/app" && !mount.RW);
            Assert.Equal(["ALL"], container.HostConfig?.CapDrop);
        });
    }

    /// <summary>
    /// runc, or bubblewrap through the same spec, was given a network namespace of its own (loopback only), no capability, a writable root (as the matrix
    /// asks) with the binary's directory read-only, and no way to gain privileges.
    /// </summary>
    private static void AssertHardened(IEnumerable<System.Text.Json.Nodes.JsonObject> specs)
    {
        var programs = specs.Where(spec => HostileRun.Programs.Contains((string)spec["process"]!["args"]![0]!)).ToList();
        Assert.NotEmpty(programs);
        Assert.All(programs, spec =>
        {
            var program = (string)spec["process"]!["args"]![0]!;
            var namespaces = spec["linux"]!["namespaces"]!.AsArray().Select(n => (string)n!["type"]!).ToList();
            Assert.Contains("network", namespaces);
            Assert.False((bool)spec["root"]!["readonly"]!, $"{program}: its root file system was read-only");
            Assert.Contains("/app", spec["linux"]!["readonlyPaths"]!.AsArray().Select(path => (string?)path));
            Assert.True((bool)spec["process"]!["noNewPrivileges"]!, $"{program}: it could gain privileges");
            var capabilities = spec["process"]!["capabilities"]?.AsObject() ?? [];
            Assert.All(capabilities, set => Assert.Empty(set.Value!.AsArray()));
            Assert.NotNull(spec["linux"]!["seccomp"]);
        });
    }
}
