using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployMatrix.Engine;

/// <summary>What the daemon says of itself on <c>GET /version</c>.</summary>
internal sealed partial record DaemonVersion(
    [property: JsonPropertyName("Version")] string Version,
    [property: JsonPropertyName("ApiVersion")] string ApiVersion,
    [property: JsonPropertyName("Os")] string Os,
    [property: JsonPropertyName("Arch")] string Arch)
{
    /// <summary>The parts the daemon names (Docker: Engine, containerd, runc; podman: Podman Engine, Conmon, its OCI runtime).</summary>
    [JsonPropertyName("Components")]
    public IReadOnlyList<DaemonComponent>? Components { get; init; }

    /// <summary>
    /// Podman's service speaking Docker's API: it answers <c>/version</c> as Docker does, with its own version in
    /// <c>Version</c> and a component named <c>Podman Engine</c>.
    /// </summary>
    public bool IsPodman => Components?.Any(c => c.Name == "Podman Engine") == true;

    /// <summary>The engine as a user would name it: <c>Docker 20.10.24</c>, <c>Podman 4.3.1</c>.</summary>
    public string Product => $"{(IsPodman ? "Podman" : "Docker")} {Version}";

    /// <summary>
    /// Asks the daemon over the unversioned <c>/version</c> path, which every API version serves, so the answer does
    /// not depend on guessing a version first.
    /// </summary>
    public static async Task<DaemonVersion> QueryAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var response = await EngineHttp.GetAsync(endpoint, "/version", timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw new IOException($"The daemon at {endpoint} answered /version with {(int)response.Status}: {response.Text}");
        }

        return JsonSerializer.Deserialize(response.Body, DaemonVersionJson.Default.DaemonVersion)
               ?? throw new InvalidOperationException($"The daemon at {endpoint} answered /version with nothing.");
    }

    // Generated at build time: reflection-based reading would emit code at run time, on every command's first step.
    [JsonSerializable(typeof(DaemonVersion))]
    private sealed partial class DaemonVersionJson : JsonSerializerContext;
}
