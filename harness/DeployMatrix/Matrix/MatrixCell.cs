using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>One binary, run one way, on one target and platform: the unit that is run, snapshotted and reported.</summary>
internal sealed record MatrixCell(BinaryDefinition Binary, RunCase Case, TargetDefinition Target, Platform Platform) : ISnapshotSubject
{
    /// <summary>The name tests and reports use: <c>hello/default @ debian-12/linux-arm64</c>.</summary>
    public string Name => $"{Binary.Name}/{Case.Name} @ {Target.Name}/{Platform.Slug}";

    /// <summary>
    /// A file name for this cell, unique within a matrix because names cannot hold <c>@</c>:
    /// <c>hello@default@debian-12@linux-arm64</c>.
    /// </summary>
    public string FileStem => $"{Binary.Name}@{Case.Name}@{Target.Name}@{Platform.Slug}";

    /// <summary>Where binaries (or their bundles) are put in the container; a loader's message starts with this path.</summary>
    public const string BinaryDirectory = BinaryDefinition.BinaryDirectory;

    public string BinaryPath => Binary.PathFor(Platform);

    /// <summary>The directory shipped whole with the binary, or null.</summary>
    public string? BundlePath => Binary.BundleFor(Platform);

    /// <inheritdoc cref="BinaryDefinition.ProgramPath"/>
    public string ProgramPath => Binary.ProgramPath(Platform);

    /// <inheritdoc cref="BinaryDefinition.Files"/>
    public IEnumerable<(string HostPath, string ContainerPath)> Files() => Binary.Files(Platform);

    public string Image => Target.ImageFor(Platform);

    public override string ToString() => Name;
}
