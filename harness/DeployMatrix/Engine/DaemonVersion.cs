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
