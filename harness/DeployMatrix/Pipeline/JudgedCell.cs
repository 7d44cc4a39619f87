using DeployMatrix.Running;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Pipeline;

/// <summary>A cell's result, its comparison with its snapshot, and what that means for it.</summary>
internal sealed record JudgedCell(CellResult Result, SnapshotComparison Comparison, Judgement Judgement);
