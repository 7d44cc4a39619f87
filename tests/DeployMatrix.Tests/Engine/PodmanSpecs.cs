using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Pipeline;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Engine;

/// <summary>
/// Under podman's service (rootful or rootless) a container is made as under Docker: it starts on a host without
/// CAP_SYS_RESOURCE, has Docker's empty /etc/hosts and /etc/resolv.conf, keeps a read-only root read-only, and the
/// run says which limits podman drops. Skipped on Docker; <c>tests/podman.sh test</c> runs them under rootless podman
/// as a non-root user.
/// </summary>
public sealed class PodmanSpecs(ContainerHarness harness)
{
    private const string Debian = "deploymatrix/debian:12-amd64";

    private DockerEngine Engine => harness.Session.Engine;

    [Fact]
    public void The_engine_is_podman_and_says_whether_it_runs_rootless()
    {
        SkipUnlessPodman();

        Assert.StartsWith("Podman ", Engine.Version.Product, StringComparison.Ordinal);
        // podman's service runs as the user that started it, and tests/podman.sh starts it as the tests' user.
        Assert.Equal(!Environment.IsPrivilegedProcess, Engine.Podman!.Rootless);
        Assert.Contains(Engine.Podman.Rootless ? "rootless" : "rootful", Engine.Describe(), StringComparison.Ordinal);
        // tests/podman.sh gives no DOCKER_HOST: the user's own podman socket is found, Docker's being root's alone.
        Assert.True(
            Engine.EndpointReason == "DOCKER_HOST" || Engine.Endpoint.AbsolutePath.EndsWith("/podman/podman.sock", StringComparison.Ordinal),
            $"{Engine.Endpoint} ({Engine.EndpointReason})");
    }

    [Fact]
    public async Task A_container_starts_with_a_process_limit_podman_can_set()
    {
        SkipUnlessPodman();

        var run = await RunAsync(["/bin/grep", "^Max processes", "/proc/self/limits"]);

        Assert.Null(run.StartError);
        Assert.Equal(0, run.ExitCode);
        var hard = long.Parse(run.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(hard, 1, 32768);
    }

    [Fact]
    public async Task Hosts_and_resolv_conf_are_empty_as_in_a_docker_container_without_network()
    {
        SkipUnlessPodman();

        var run = await RunAsync(["/usr/bin/stat", "-c", "%n %s %a", "/etc/hosts", "/etc/resolv.conf"]);

        Assert.Equal("/etc/hosts 0 755\n/etc/resolv.conf 0 755\n", run.Stdout);
    }

    [Fact]
    public async Task A_read_only_root_refuses_writes_where_podman_would_mount_a_writable_tmpfs()
    {
        SkipUnlessPodman();
        var limits = RunnerSettings.Default.Limits with { Root = RootFileSystem.ReadOnly, Writable = [] };

        var run = await RunAsync(["/usr/bin/touch", "/tmp/planted", "/var/tmp/planted", "/run/planted"], limits);

        Assert.Equal(
            "/usr/bin/touch: cannot touch '/tmp/planted': Read-only file system\n" +
            "/usr/bin/touch: cannot touch '/var/tmp/planted': Read-only file system\n" +
            "/usr/bin/touch: cannot touch '/run/planted': Read-only file system\n",
            run.Stderr);
    }

    /// <summary>What the run says of the memory limit is what the kernel applies to the container.</summary>
    [Fact]
    public async Task The_memory_limit_is_said_to_be_dropped_exactly_when_the_container_has_none()
    {
        SkipUnlessPodman();

        var run = await RunAsync(["/bin/sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes"]);

        var applied = run.Stdout.Trim() == RunnerSettings.Default.Limits.MemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(applied, !Engine.Podman!.UnenforcedLimits.Contains("memory"));
        Assert.Equal(applied, !Engine.Describe().Contains("does not enforce", StringComparison.Ordinal));
    }

    /// <summary>
    /// The default matrix on amd64 gives Docker's snapshots (the reviewed ones) byte for byte, but for the one cell
    /// that meets podman's root directory: podman makes every container's / mode 0555 where Docker makes it 0755, so a
    /// program with no capability, whose HOME is / (scratch has no passwd), cannot create /.cache there.
    /// </summary>
    [Fact]
    public async Task The_default_matrix_gives_dockers_snapshots_but_where_podmans_root_directory_refuses_a_write()
    {
        SkipUnlessPodman();
        var matrix = MatrixReader.Load(HarnessAssets.Locate().Root, ["--filter:platforms=linux/amd64"], "matrix.yaml");
        var judged = new List<JudgedCell>();
        await using (var run = new MatrixRun(harness.Session, matrix, cancellationToken: TestContext.Current.CancellationToken))
        {
            await foreach (var cell in run.JudgedAsCompletedAsync())
            {
                judged.Add(cell);
            }
        }

        Assert.Equal(matrix.Cells().Count, judged.Count);
        var differing = judged.Where(j => j.Judgement.Fails).ToList();
        Assert.Equal(["writes-cache/default @ scratch/linux-amd64"], differing.Select(j => j.Result.Cell.Name));
        Assert.Contains("writes-cache: /.cache/cache-demo/state: Permission denied", differing[0].Result.Run!.Stdout, StringComparison.Ordinal);
    }

    private void SkipUnlessPodman()
    {
        if (!Engine.Version.IsPodman)
        {
            Assert.Skip($"the engine at {Engine.Endpoint} is {Engine.Version.Product}, not podman: tests/podman.sh test runs these under podman");
        }
    }

    private Task<ContainerResult> RunAsync(IReadOnlyList<string> command, ContainerLimits? limits = null) =>
        harness.Runner.RunAsync(
            new ContainerRequest { Image = Debian, Platform = KnownPlatforms.Amd64, Command = command, Limits = limits ?? RunnerSettings.Default.Limits },
            TestContext.Current.CancellationToken);
}
