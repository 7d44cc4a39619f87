using System.Text.Json.Serialization;

namespace DeployMatrix.Engine;

/// <summary>One part of the engine as <c>GET /version</c> lists it under <c>Components</c>.</summary>
internal sealed record DaemonComponent(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Version")] string Version);
