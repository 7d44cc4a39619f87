using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>An empty root file system, as <c>FROM scratch</c>: only static binaries run there.</summary>
internal sealed class EmptyRecipe : IRootfsRecipe
{
    public const string KindName = "empty";

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcKind.None;

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint => [];

    public void CheckHost(BuildHost host, Platform platform)
    {
    }

    public Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
