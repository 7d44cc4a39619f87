using DeployMatrix.Containers;
using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>
/// What happened to one cell: the binary as read, the image and its fingerprint, the raw run, and the explanation
/// that sets the observed verdict beside the predicted one.
/// </summary>
/// <param name="Plan">The cell as it was planned.</param>
/// <param name="Run">What the container run gave; null when the cell was not run because the ELF header decides.</param>
/// <param name="Explanation">The observed verdict beside the predicted one, with why, where and what to do.</param>
internal sealed record CellResult(CellPlan Plan, ContainerResult? Run, Explanation Explanation)
{
    public MatrixCell Cell => Plan.Cell;

    /// <summary>The binary, as read.</summary>
    public ElfFile Binary => Plan.Predicted.Binary;

    public TargetImage Image => Plan.Image;

    public ImageFingerprint Fingerprint => Plan.Predicted.Image;

    /// <summary>The limits of its container the run met (the memory limit's kill, a full scratch directory), in table order.</summary>
    public IReadOnlyList<LimitMet> LimitsMet { get; init; } = [];

    /// <summary>The cell's verdict (<see cref="Explanation.Final"/>).</summary>
    public Verdict Verdict => Explanation.Final;
}
