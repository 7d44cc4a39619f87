using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// The OCI spec the engine itself writes for a container hardened as <see cref="DockerContainerRunner.Harden"/>
/// asks, taken from a container started for that purpose: its namespaces, capabilities, seccomp profile, masked
/// paths, mounts, rlimits and cgroup limits are the engine's own, for this engine version and this host, so the runc
/// runner isolates exactly as the engine does. What belongs to one container (program, environment, root, host
/// name, cgroup) is <see cref="RuncSpec"/>'s to fill in.
/// </summary>
internal sealed class RuncSpecTemplate
{
    /// <summary>Where dockerd (its own containerd) and a system containerd keep a running container's bundle.</summary>
    private static readonly string[] BundleDirectories =
    [
        "/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby",
        "/run/containerd/io.containerd.runtime.v2.task/moby",
    ];

    /// <summary>The files the engine mounts into /etc, with what it wrote into them.</summary>
    public static readonly string[] EtcFiles = ["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"];

    private const string SpecKey = "spec";
    private const string EtcKey = "etc";

    private RuncSpecTemplate(JsonObject spec, IReadOnlyDictionary<string, string> etcFiles)
    {
        Spec = spec;
        Etc = etcFiles;
    }

    /// <summary>The engine's spec; callers clone it.</summary>
    public JsonObject Spec { get; }

    /// <summary>The content of each of <see cref="EtcFiles"/> as the engine wrote it, by path in the container.</summary>
    public IReadOnlyDictionary<string, string> Etc { get; }

    /// <summary>
    /// Starts a container that sleeps, hardened for <paramref name="limits"/>, on the first of
    /// <paramref name="candidates"/> that has a <c>sleep</c>, and reads the spec the engine gave runc for it.
    /// </summary>
    /// <exception cref="RuncUnavailableException">No candidate could be started, or the engine keeps its bundles elsewhere.</exception>
    public static async Task<RuncSpecTemplate> CaptureAsync(
        DockerClient client, ContainerJanitor janitor, ContainerLimits limits, IEnumerable<(string Image, Platform Platform)> candidates,
        CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        foreach (var (image, platform) in candidates)
        {
            var parameters = new CreateContainerParameters
            {
                Image = image,
                Entrypoint = ["sleep", "60"],
                Labels = new Dictionary<string, string>(janitor.Labels),
            };
            DockerContainerRunner.Harden(parameters, new ContainerRequest { Image = image, Platform = platform, Command = [], Limits = limits }, []);
            var created = await client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
            try
            {
                await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
                return Read(created.ID);
            }
            catch (DockerApiException e) when (!cancellationToken.IsCancellationRequested)
            {
                refused.Add($"{image}: {EngineFaults.MessageOf(e)}");
            }
            finally
            {
                await client.Containers.RemoveIfPresentAsync(created.ID, CancellationToken.None).ConfigureAwait(false);
            }
        }

        throw new RuncUnavailableException(
            $"no image of the matrix could start `sleep` to show the engine's container spec ({string.Join("; ", refused)})");
    }

    /// <summary>The template as kept beside exported images (<c>Exports/ImageExports</c>).</summary>
    public JsonObject ToJson() => new()
    {
        [SpecKey] = Spec.DeepClone(),
        [EtcKey] = new JsonObject(Etc.Select(file => KeyValuePair.Create(file.Key, (JsonNode?)file.Value))),
    };

    /// <summary>A template <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="System.Text.Json.JsonException">It is not one.</exception>
    public static RuncSpecTemplate FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json[SpecKey] is not JsonObject spec || json[EtcKey] is not JsonObject etc)
        {
            throw new System.Text.Json.JsonException($"it holds no container spec ('{SpecKey}' and '{EtcKey}')");
        }

        return new RuncSpecTemplate(
            spec.DeepClone().AsObject(),
            etc.ToDictionary(file => file.Key, file => (string?)file.Value ?? "", StringComparer.Ordinal));
    }

    /// <summary>
    /// This template, taken for <paramref name="captured"/>, as the engine writes it for <paramref name="wanted"/>:
    /// the cgroup limits, the scratch tmpfs mounts and /dev/shm's size, RLIMIT_NOFILE and whether the /etc files are
    /// bound read-only are the parts of a spec the engine derives from them (<c>RuncSpecTemplateSpecs</c> compares it
    /// with the engine's own for other limits).
    /// </summary>
    /// <exception cref="InvalidOperationException">The template has no scratch mount to shape the wanted ones on.</exception>
    public RuncSpecTemplate WithLimits(ContainerLimits captured, ContainerLimits wanted)
    {
        ArgumentNullException.ThrowIfNull(captured);
        ArgumentNullException.ThrowIfNull(wanted);
        var spec = Spec.DeepClone().AsObject();
        var resources = spec["linux"]!["resources"]!.AsObject();
        resources["pids"] = new JsonObject { ["limit"] = wanted.Processes };
        resources["memory"]!["limit"] = wanted.MemoryBytes;
        resources["memory"]!["swap"] = wanted.MemoryBytes;
        var cpu = resources["cpu"]!.AsObject();
        // As the engine turns NanoCPUs into a quota (DockerContainerRunner.Harden).
        cpu["quota"] = (long)(wanted.Cpus * 1_000_000_000) * (long)cpu["period"]! / 1_000_000_000;
        spec["process"]!["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["hard"] = (ulong)wanted.OpenFiles, ["soft"] = (ulong)wanted.OpenFiles });

        var mounts = spec["mounts"]!.AsArray();
        var scratch = mounts.Select(m => m!.AsObject()).Where(m => (string?)m["type"] == "tmpfs" && captured.Writable.Contains((string)m["destination"]!)).ToList();
        var shape = scratch.FirstOrDefault()
                    ?? throw new InvalidOperationException("it has no scratch directory to shape others on");
        var at = mounts.IndexOf(shape);
        foreach (var mount in scratch)
        {
            mounts.Remove(mount);
        }

        foreach (var directory in wanted.Writable.Reverse())
        {
            var mount = Sized(shape, wanted.ScratchBytes);
            mount["destination"] = directory;
            mounts.Insert(at, mount);
        }

        if (mounts.Select(m => m!.AsObject()).FirstOrDefault(m => (string?)m["destination"] == "/dev/shm") is { } shm)
        {
            mounts[mounts.IndexOf(shm)] = Sized(shm, wanted.ScratchBytes);
        }

        // The engine binds its /etc files read-only into a read-only root: rbind, ro, rprivate.
        foreach (var etc in mounts.Select(m => m!.AsObject()).Where(m => EtcFiles.Contains((string?)m["destination"])))
        {
            var options = (etc["options"]?.AsArray() ?? []).Select(o => (string)o!).Where(o => o != "ro").ToList();
            if (wanted.Root == RootFileSystem.ReadOnly)
            {
                options.Insert(Math.Min(1, options.Count), "ro");
            }

            etc["options"] = new JsonArray([.. options.Select(o => (JsonNode?)o)]);
        }

        return new RuncSpecTemplate(spec, Etc);
    }

    private static JsonObject Sized(JsonObject mount, long bytes)
    {
        var copy = mount.DeepClone().AsObject();
        copy["options"] = new JsonArray([.. (copy["options"]?.AsArray() ?? []).Select(o => (string)o!)
            .Select(option => (JsonNode?)(option.StartsWith("size=", StringComparison.Ordinal) ? $"size={bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : option))]);
        return copy;
    }

    private static RuncSpecTemplate Read(string id)
    {
        var file = BundleDirectories.Select(directory => Path.Combine(directory, id, "config.json")).FirstOrDefault(File.Exists)
                   ?? throw new RuncUnavailableException(
                       $"the engine keeps its container specs in none of {string.Join(", ", BundleDirectories)} (or this process cannot read them)");
        var spec = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new RuncUnavailableException($"{file} holds no spec");
        var etc = spec["mounts"]!.AsArray()
            .Select(mount => mount!.AsObject())
            .Where(mount => EtcFiles.Contains((string?)mount["destination"]))
            .ToDictionary(mount => (string)mount["destination"]!, mount => File.ReadAllText((string)mount["source"]!), StringComparer.Ordinal);
        return new RuncSpecTemplate(spec, etc);
    }
}
