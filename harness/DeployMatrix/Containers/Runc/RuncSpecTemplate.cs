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
