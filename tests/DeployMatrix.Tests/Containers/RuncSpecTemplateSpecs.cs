using System.Text.Json.Nodes;
using DeployMatrix.Containers;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// The engine's spec kept beside exported images was taken for the default limits; reshaped for other limits, it is
/// the spec the engine itself writes for those limits, but for what belongs to one container (its root, host name,
/// cgroup, the files of its /etc).
/// </summary>
public sealed class RuncSpecTemplateSpecs(ContainerHarness harness)
{
    private static readonly ContainerLimits Defaults = RunnerSettings.Default.Limits;

    public static TheoryData<string> OtherLimits() => ["smaller", "larger", "read-only"];

    [Theory]
    [MemberData(nameof(OtherLimits))]
    public async Task Reshaped_for_other_limits_it_is_the_engines_own_spec_for_them(string other)
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess && harness.Session.Engine.Version.IsPodman is false, "reads the engine's container specs, which are root's");
        var limits = other switch
        {
            "smaller" => Defaults with { MemoryBytes = 64 << 20, Processes = 17, Cpus = 0.25, ScratchBytes = 1 << 20, OpenFiles = 64, Writable = ["/tmp"] },
            "larger" => Defaults with { MemoryBytes = 2L << 30, Processes = 4096, Cpus = 2, ScratchBytes = 512 << 20, OpenFiles = 4096, Writable = ["/tmp", "/var/tmp", "/work", "/var/cache/app"] },
            _ => Defaults with { Root = RootFileSystem.ReadOnly, Writable = ["/run"] },
        };
        using var client = harness.Session.Engine.CreateClient();
        (string, Platform)[] image = [("deploymatrix/debian:12-amd64", KnownPlatforms.Amd64)];

        var captured = await RuncSpecTemplate.CaptureAsync(client, harness.Session.Janitor, Defaults, image, TestContext.Current.CancellationToken);
        var engines = await RuncSpecTemplate.CaptureAsync(client, harness.Session.Janitor, limits, image, TestContext.Current.CancellationToken);

        Assert.Equal(Comparable(engines.Spec), Comparable(captured.WithLimits(Defaults, limits).Spec));
    }

    /// <summary>The spec without what belongs to one container, its mounts in order of destination.</summary>
    private static string Comparable(JsonObject spec)
    {
        var copy = spec.DeepClone().AsObject();
        copy.Remove("root");
        copy.Remove("hostname");
        copy.Remove("hooks");
        copy["linux"]!.AsObject().Remove("cgroupsPath");
        var env = copy["process"]!["env"]!.AsArray().Select(v => (string)v!).Where(v => !v.StartsWith("HOSTNAME=", StringComparison.Ordinal));
        copy["process"]!["env"] = new JsonArray([.. env.Select(v => (JsonNode?)v)]);
        var mounts = copy["mounts"]!.AsArray().Select(m => m!.DeepClone().AsObject()).OrderBy(m => (string)m["destination"]!, StringComparer.Ordinal).ToList();
        foreach (var mount in mounts.Where(m => (string?)m["type"] == "bind"))
        {
            mount["source"] = Path.GetFileName((string)mount["source"]!);
        }

        copy["mounts"] = new JsonArray([.. mounts]);
        return copy.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
