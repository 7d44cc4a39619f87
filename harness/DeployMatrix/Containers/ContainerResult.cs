namespace DeployMatrix.Containers;

/// <summary>What happened to a program run in a container.</summary>
internal sealed record ContainerResult
{
    /// <summary>The container the program ran in (removed by now), or null when none was created.</summary>
    public string? ContainerId { get; init; }

    /// <summary>The exit status the runtime reported; null when the container never started.</summary>
    public int? ExitCode { get; init; }

    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public bool StdoutTruncated { get; init; }

    public bool StderrTruncated { get; init; }

    /// <summary>The process did not end within the timeout and was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The kernel's out-of-memory killer ended it at the memory limit.</summary>
    public bool OutOfMemory { get; init; }

    /// <summary>Why the runtime could not start the container at all (the engine's message), or null.</summary>
    public string? StartError { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>What started the container: a host fact, for reports only.</summary>
    public ContainerRuntime Runtime { get; init; } = ContainerRuntime.Docker;

    /// <summary>What the run did not have that the engine's container gives (isolation, limits), or null: a host fact, for reports only.</summary>
    public string? NotGiven { get; init; }
}
