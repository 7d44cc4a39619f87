using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet;

namespace DeployMatrix.Engine;

/// <summary>
/// An image as the engine describes it on <c>GET /images/{name}/json</c>, of which only what the harness reads:
/// read over plain HTTP, since Docker.DotNet's whole model of an image costs a command that asks nothing else (predict)
/// a tenth of its time in code compiled on first use.
/// </summary>
/// <param name="Id">The image id, <c>sha256:…</c>.</param>
/// <param name="Os">As the image's config says: <c>linux</c>.</param>
/// <param name="Architecture">As the image's config says: <c>amd64</c>, <c>arm64</c>.</param>
/// <param name="RepoDigests">The registry digests it was pulled by (<c>repository@sha256:…</c>), if any.</param>
/// <param name="Config">Its configuration, of which the labels.</param>
internal sealed partial record EngineImage(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Os")] string Os,
    [property: JsonPropertyName("Architecture")] string Architecture,
    [property: JsonPropertyName("RepoDigests")] IReadOnlyList<string>? RepoDigests,
    [property: JsonPropertyName("Config")] EngineImage.ImageConfig? Config)
{
    /// <returns>The image, or null when the engine has none by that name.</returns>
    /// <exception cref="DockerApiException">The engine refused the question, in its own words.</exception>
    public static async Task<EngineImage?> InspectAsync(Uri endpoint, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var response = await EngineHttp.GetAsync(endpoint, $"/images/{name}/json", cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccess)
        {
            throw new DockerApiException(response.Status, response.Text);
        }

        return JsonSerializer.Deserialize(response.Body, EngineImageJson.Default.EngineImage)
               ?? throw new InvalidOperationException($"The engine answered the inspection of {name} with nothing.");
    }

    /// <param name="Labels">The image's labels, null when it has none.</param>
    internal sealed record ImageConfig([property: JsonPropertyName("Labels")] IReadOnlyDictionary<string, string>? Labels);

    // Generated at build time, as for the daemon's version.
    [JsonSerializable(typeof(EngineImage))]
    private sealed partial class EngineImageJson : JsonSerializerContext;
}
