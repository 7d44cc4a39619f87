using DeployMatrix.Containers;

namespace DeployMatrix.Matrix;

/// <summary>How the cells of a matrix are run: how many at once, within which limits, started by which runtime.</summary>
internal sealed record RunnerSettings(int Parallel, ContainerLimits Limits, ContainerRuntime Runtime = ContainerRuntime.Auto)
{
    public static readonly RunnerSettings Default = new(Math.Max(2, Environment.ProcessorCount * 2), ContainerLimits.Default);
}
