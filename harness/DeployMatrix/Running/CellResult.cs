using DeployMatrix.Containers;
using DeployMatrix.Elf;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Running;

/// <summary>What happened to one cell: the raw run, the binary as read, the target's libc and the verdict.</summary>
public sealed record CellResult(MatrixCell Cell, ElfFile Binary, TargetImage Target, ContainerResult Run, Verdict Verdict);
