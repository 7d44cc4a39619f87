namespace DeployMatrix.Fingerprints;

/// <summary>An image as the engine holds it.</summary>
/// <param name="Id">The engine's image id, <c>sha256:…</c>: what fingerprints are cached by.</param>
/// <param name="Reference">The local tag it was looked up by.</param>
/// <param name="Platform">Its operating system and architecture, as Docker names platforms: <c>linux/arm64</c>.</param>
internal sealed record ImageIdentity(string Id, string Reference, string Platform);
