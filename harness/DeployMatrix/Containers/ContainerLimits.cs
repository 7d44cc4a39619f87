namespace DeployMatrix.Containers;

/// <summary>
/// What one container may use. A binary under test is untrusted: it may fork without end, allocate without end,
/// write without end or open files without end. It writes to its root file system as on a real machine, within
/// <see cref="RootBytes"/> (or not at all, as <see cref="Root"/> says), and to the <see cref="Writable"/> directories,
/// each a tmpfs of <see cref="ScratchBytes"/> (charged to its memory too).
/// </summary>
internal sealed record ContainerLimits
{
    public static readonly ContainerLimits Default = new();

    public long MemoryBytes { get; init; } = 256L * 1024 * 1024;

    public long Processes { get; init; } = 64;

    /// <summary>CPU time share, in cores.</summary>
    public double Cpus { get; init; } = 1.0;

    /// <summary>How many bytes of each of stdout and stderr are kept, from the start; the rest is dropped and the result says so.</summary>
    public int OutputBytes { get; init; } = 64 * 1024;

    /// <summary>The size of each writable scratch directory (and of <c>/dev/shm</c>).</summary>
    public long ScratchBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Whether the root file system takes writes.</summary>
    public RootFileSystem Root { get; init; } = RootFileSystem.Writable;

    /// <summary>
    /// How much a program may write to a writable root file system (its files, directories and copies of the image's
    /// files it changes), where the runtime bounds it: runc does, the engine on overlay2 does not.
    /// </summary>
    public long RootBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The directories that are each an empty tmpfs of their own, the only ones writable when the root is read-only.</summary>
    public IReadOnlyList<string> Writable { get; init; } = ["/tmp"];

    /// <summary>How many files the program may hold open at once (<c>RLIMIT_NOFILE</c>, soft and hard).</summary>
    public long OpenFiles { get; init; } = 1024;
}
