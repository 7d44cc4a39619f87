using System.Text.Json.Serialization;

namespace DeployMatrix.Exports;

/// <summary>
/// What an exported image keeps of the image it was exported from (<c>image.json</c> beside its root): what the
/// engine would say of it, so that a run with no engine finds, fingerprints and starts it as the engine's image.
/// </summary>
/// <param name="Tag">The local tag it was exported from, by which a matrix's cell names it.</param>
/// <param name="Id">The engine's image id, <c>sha256:…</c>.</param>
/// <param name="Os">As the image's config says: <c>linux</c>.</param>
/// <param name="Architecture">As the image's config says: <c>amd64</c>, <c>386</c>.</param>
/// <param name="RepoDigests">The registry digests it was pulled by, if any.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Environment">Its config's environment, as a container's process gets it.</param>
/// <param name="WorkingDirectory">Its config's working directory, <c>/</c> when it sets none.</param>
internal sealed record ExportedImage(
    string Tag,
    string Id,
    string Os,
    string Architecture,
    IReadOnlyList<string> RepoDigests,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Environment,
    string WorkingDirectory);

[JsonSerializable(typeof(ExportedImage))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ExportedImageJson : JsonSerializerContext;
