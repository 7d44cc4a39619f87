using DeployMatrix.Containers;

namespace DeployMatrix.Running;

/// <summary>The runtime a run uses, and why <c>runtime: auto</c> passed over the faster ones before it.</summary>
internal sealed record RuntimeChoice(ContainerRuntime Runtime, string? WhyNotFaster)
{
    /// <summary>What its containers lack of the engine's (<see cref="ContainerResult.NotGiven"/>), or null.</summary>
    public string? NotGiven { get; init; }

    /// <summary>A runtime as a matrix and the reports name it.</summary>
    public static string Name(ContainerRuntime runtime) => runtime.ToString().ToLowerInvariant();

    public override string ToString() =>
        new[] { NotGiven, WhyNotFaster }.OfType<string>().ToList() is { Count: > 0 } said ? $"{Name(Runtime)} ({string.Join("; ", said)})" : Name(Runtime);
}
