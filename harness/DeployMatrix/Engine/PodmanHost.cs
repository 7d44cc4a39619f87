using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployMatrix.Engine;

/// <summary>
/// What podman's own API (<c>GET /v4.0.0/libpod/info</c>, podman 4 and later) says of where it runs, which its Docker-compatible <c>/info</c>
/// does not: whether it is rootless, and which cgroup controllers it can use. Rootless podman on cgroup v1, or on v2
/// without controllers delegated to the user, ignores memory, process and CPU limits; its CLI warns ("Resource limits
/// are not supported and ignored on cgroups V1 rootless systems"), its API only drops them.
/// </summary>
internal sealed partial record PodmanHost(bool Rootless, string CgroupVersion, IReadOnlyList<string> CgroupControllers)
{
    /// <summary>The controllers the harness's limits need, each with the limit it bounds.</summary>
    private static readonly (string Controller, string Limit)[] Needed = [("memory", "memory"), ("pids", "processes"), ("cpu", "cpus")];

    /// <summary>The harness's limits that podman would drop here, by their matrix names (<c>memory</c>, <c>processes</c>, <c>cpus</c>).</summary>
    public IReadOnlyList<string> UnenforcedLimits => [.. Needed.Where(n => !CgroupControllers.Contains(n.Controller)).Select(n => n.Limit)];

    /// <summary>One line for a run's start: what podman this is, and which limits it drops.</summary>
    public string Describe(string product) =>
        $"{product}, {(Rootless ? "rootless" : "rootful")}, cgroup {CgroupVersion}" +
        (UnenforcedLimits.Count == 0
            ? ""
            : $": it does not enforce the {string.Join(", ", UnenforcedLimits)} limits here (cgroup controllers it can use: " +
              $"{(CgroupControllers.Count == 0 ? "none" : string.Join(", ", CgroupControllers))}), so a cell is bounded by its timeout, " +
              "output and open files only; rootful podman, or cgroup v2 with the controllers delegated to the user, enforces them");

    /// <exception cref="IOException">The engine did not answer, or not as podman does.</exception>
    public static async Task<PodmanHost> QueryAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var response = await EngineHttp.GetAsync(endpoint, "/v4.0.0/libpod/info", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw new IOException($"The engine at {endpoint} answered /v4.0.0/libpod/info with {(int)response.Status}: {response.Text}");
        }

        var host = JsonSerializer.Deserialize(response.Body, PodmanInfoJson.Default.PodmanInfo)?.Host
                   ?? throw new IOException($"The engine at {endpoint} answered /v4.0.0/libpod/info without a host.");
        return new PodmanHost(host.Security?.Rootless ?? false, host.CgroupVersion ?? "unknown", host.CgroupControllers ?? []);
    }

    internal sealed record PodmanInfo([property: JsonPropertyName("host")] InfoHost? Host);

    internal sealed record InfoHost(
        [property: JsonPropertyName("cgroupVersion")] string? CgroupVersion,
        [property: JsonPropertyName("cgroupControllers")] IReadOnlyList<string>? CgroupControllers,
        [property: JsonPropertyName("security")] InfoSecurity? Security);

    internal sealed record InfoSecurity([property: JsonPropertyName("rootless")] bool Rootless);

    // Generated at build time, as for the daemon's version.
    [JsonSerializable(typeof(PodmanInfo))]
    private sealed partial class PodmanInfoJson : JsonSerializerContext;
}
