using DeployMatrix.Containers;

namespace DeployMatrix.Running;

/// <summary>The runtime a run uses, and why <c>runtime: auto</c> passed over the faster ones before it.</summary>
internal sealed record RuntimeChoice(ContainerRuntime Runtime, string? WhyNotFaster)
{
    /// <summary>A runtime as a matrix and the reports name it.</summary>
    public static string Name(ContainerRuntime runtime) => runtime.ToString().ToLowerInvariant();

    public override string ToString() => WhyNotFaster is null ? Name(Runtime) : $"{Name(Runtime)} ({WhyNotFaster})";
}
