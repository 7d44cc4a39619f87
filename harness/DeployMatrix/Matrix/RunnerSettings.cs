using DeployMatrix.Containers;

namespace DeployMatrix.Matrix;

/// <summary>How the cells of a matrix are run: how many at once, within which limits, started by which runtime.</summary>
internal sealed record RunnerSettings(int Parallel, ContainerLimits Limits, ContainerRuntime Runtime)
{
    /// <summary>The settings of a matrix that sets none, from <see cref="MatrixSchema"/>.</summary>
    public static RunnerSettings Default => MatrixReader.DefaultRunner;
}
