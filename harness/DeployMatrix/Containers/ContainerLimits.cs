namespace DeployMatrix.Containers;

/// <summary>
/// What one container may use. A binary under test is untrusted: it may fork without end, allocate without end or
/// write without end.
/// </summary>
public sealed record ContainerLimits
{
    public static readonly ContainerLimits Default = new();

    public long MemoryBytes { get; init; } = 256L * 1024 * 1024;

    public long Processes { get; init; } = 64;

    /// <summary>CPU time share, in cores.</summary>
    public double Cpus { get; init; } = 1.0;

    /// <summary>How many bytes of each of stdout and stderr are kept, from the start; the rest is dropped and the result says so.</summary>
    public int OutputBytes { get; init; } = 64 * 1024;
}
