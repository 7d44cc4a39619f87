using DeployMatrix.Platforms;

namespace DeployMatrix.Containers;

/// <summary>One program to run in a fresh container, executed directly: no shell stands between it and the runtime.</summary>
internal sealed record ContainerRequest
{
    public required string Image { get; init; }

    public required Platform Platform { get; init; }

    /// <summary>The program (an absolute path in the container) and its arguments.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public IReadOnlyList<ContainerFile> Files { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Bytes written to the program's standard input, which is then closed; null leaves it empty. Stdin is a pipe either way.</summary>
    public byte[]? Stdin { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public required ContainerLimits Limits { get; init; }
}
