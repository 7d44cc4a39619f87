using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// What a run killed outright (SIGKILL, or the machine's OOM killer) leaves of its runc containers, the next session
/// removes: a stopped container whose session and bundle are gone, a container whose <c>runc run</c> died before it
/// wrote its state, and cgroups of a container runc knows nothing of.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RuncLeftoverSpecs
{
    private static readonly string Runc = HostTool.Runc.Find() ?? "runc";

    [Fact]
    public async Task A_stopped_container_whose_session_and_bundle_are_gone_is_removed_with_its_cgroups()
    {
        var id = OrphanId();
        var bundle = Directory.CreateTempSubdirectory("deploymatrix-spec-runc-").FullName;
        await KeepStoppedContainerAsync(id, bundle);
        var cgroups = CgroupsOf(id);
        Assert.NotEmpty(cgroups);
        Directory.Delete(bundle, recursive: true);

        using var session = RuncSession.Start(Runc, Guid.NewGuid());

        Assert.True(session.RemovedAtStart >= 1, $"removed {session.RemovedAtStart}");
        Assert.False(Directory.Exists(Path.Combine(RuncSession.RuncRoot, id)), $"runc still keeps {id}");
        Assert.DoesNotContain(cgroups, Directory.Exists);
    }

    [Fact]
    public void A_container_runc_never_wrote_the_state_of_is_removed_with_its_cgroups()
    {
        var id = OrphanId();
        Directory.CreateDirectory(Path.Combine(RuncSession.RuncRoot, id));
        var cgroups = Hierarchies().Select(hierarchy => Directory.CreateDirectory(Path.Join(hierarchy, RuncBundle.CgroupsPathOf(id))).FullName).ToList();

        using var session = RuncSession.Start(Runc, Guid.NewGuid());

        Assert.False(Directory.Exists(Path.Combine(RuncSession.RuncRoot, id)), $"runc's state directory of {id} is still there");
        Assert.DoesNotContain(cgroups, Directory.Exists);
    }

    [Fact]
    public void Cgroups_of_a_container_runc_has_no_state_of_at_all_are_removed()
    {
        var id = OrphanId();
        var cgroups = Hierarchies().Select(hierarchy => Directory.CreateDirectory(Path.Join(hierarchy, RuncBundle.CgroupsPathOf(id))).FullName).ToList();

        using var session = RuncSession.Start(Runc, Guid.NewGuid());

        Assert.True(session.RemovedAtStart >= 1, $"removed {session.RemovedAtStart}");
        Assert.DoesNotContain(cgroups, Directory.Exists);
    }

    /// <summary>A container id of a session that does not exist: <c>dm-</c>, twelve hex digits, <c>-1</c>.</summary>
    private static string OrphanId() => $"dm-{Guid.NewGuid():N}"[..15] + "-1";

    /// <summary><c>runc run --keep</c> of a static hello in a bundle of its own, with the cgroup path the harness gives its containers.</summary>
    private static async Task KeepStoppedContainerAsync(string id, string bundle)
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(bundle, "rootfs")).FullName;
        File.Copy(HarnessAssets.Locate().Fixture(KnownPlatforms.Amd64, "hello-static"), Path.Combine(rootfs, "hello"));
        await RuncAsync(["spec", "--bundle", bundle]);
        var config = Path.Combine(bundle, "config.json");
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken))!;
        spec["process"]!["terminal"] = false;
        spec["process"]!["args"] = new JsonArray("/hello");
        spec["linux"]!["cgroupsPath"] = RuncBundle.CgroupsPathOf(id);
        await File.WriteAllTextAsync(config, spec.ToJsonString(), TestContext.Current.CancellationToken);

        var run = await RuncAsync(["--root", RuncSession.RuncRoot, "run", "--keep", "--bundle", bundle, id]);

        Assert.Contains("hello from DeployMatrix", run.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task<BufferedCommandResult> RuncAsync(string[] arguments) =>
        await CliWrap.Cli.Wrap(Runc).WithArguments(arguments).ExecuteBufferedAsync(TestContext.Current.CancellationToken);

    private static List<string> CgroupsOf(string id) => [.. Hierarchies().Select(hierarchy => Path.Join(hierarchy, RuncBundle.CgroupsPathOf(id))).Where(Directory.Exists)];

    /// <summary>The cgroup hierarchies: the one of cgroup v2, or one per controller of v1.</summary>
    private static IEnumerable<string> Hierarchies() =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? ["/sys/fs/cgroup"]
            : Directory.EnumerateDirectories("/sys/fs/cgroup").Where(h => File.Exists(Path.Combine(h, "cgroup.procs")) && !h.EndsWith("/unified", StringComparison.Ordinal));
}
