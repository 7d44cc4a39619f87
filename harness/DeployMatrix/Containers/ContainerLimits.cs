namespace DeployMatrix.Containers;

/// <summary>
/// What one container may use. A binary under test is untrusted: it may fork without end, allocate without end,
/// write without end or open files without end. It writes to its root file system as on a real machine, within
/// <see cref="RootBytes"/> (or not at all, as <see cref="Root"/> says), and to the <see cref="Writable"/> directories,
/// each a tmpfs of <see cref="ScratchBytes"/> (charged to its memory too). The defaults are the matrix's
/// (<c>runner:</c> keys in <c>Matrix/MatrixSchema</c>).
/// </summary>
internal sealed record ContainerLimits
{
    public required long MemoryBytes { get; init; }

    public required long Processes { get; init; }

    /// <summary>CPU time share, in cores.</summary>
    public required double Cpus { get; init; }

    /// <summary>How many bytes of each of stdout and stderr are kept, from the start; the rest is dropped and the result says so.</summary>
    public required int OutputBytes { get; init; }

    /// <summary>The size of each writable scratch directory (and of <c>/dev/shm</c>).</summary>
    public required long ScratchBytes { get; init; }

    /// <summary>Whether the root file system takes writes.</summary>
    public required RootFileSystem Root { get; init; }

    /// <summary>
    /// How much a program may write to a writable root file system (its files, directories and copies of the image's
    /// files it changes), where the runtime bounds it: runc does, the engine on overlay2 does not.
    /// </summary>
    public required long RootBytes { get; init; }

    /// <summary>The directories that are each an empty tmpfs of their own, the only ones writable when the root is read-only.</summary>
    public required IReadOnlyList<string> Writable { get; init; }

    /// <summary>How many files the program may hold open at once (<c>RLIMIT_NOFILE</c>, soft and hard).</summary>
    public required long OpenFiles { get; init; }
}
