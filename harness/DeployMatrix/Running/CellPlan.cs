using System.Text;
using DeployMatrix.Containers;
using DeployMatrix.Matrix;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>
/// One cell as planned once, before anything runs: the image it runs in here, its prediction from the binary and
/// that image's fingerprint, and whether and how it executes.
/// </summary>
internal sealed record CellPlan(MatrixCell Cell, TargetImage Image, CellPrediction Predicted)
{
    /// <summary>The container run of the cell within <paramref name="limits"/>.</summary>
    public ContainerRequest Request(ContainerLimits limits) => new()
    {
        Image = Image.LocalTag,
        Platform = Cell.Platform,
        Command = [Cell.ProgramPath, .. Cell.Case.Args],
        Files = [.. Cell.Files().Select(file => new ContainerFile(file.HostPath, file.ContainerPath))],
        Environment = Cell.Case.Environment,
        Stdin = Cell.Case.Stdin is null ? null : Encoding.UTF8.GetBytes(Cell.Case.Stdin),
        Timeout = Cell.Case.Timeout,
        Limits = limits,
    };
}
