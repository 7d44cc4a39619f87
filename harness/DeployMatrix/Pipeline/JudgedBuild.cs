using DeployMatrix.Distributions;
using DeployMatrix.Matrix;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Pipeline;

/// <summary>A build's distribution table (from recorded facts; no container), its comparison with its snapshot, and what that means for it.</summary>
internal sealed record JudgedBuild(BinaryBuild Build, DistributionTable Table, SnapshotComparison Comparison, Judgement Judgement);
