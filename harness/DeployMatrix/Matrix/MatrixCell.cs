using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>One binary, run one way, on one target and platform: the unit that is run, snapshotted and reported.</summary>
internal sealed record MatrixCell(BinaryDefinition Binary, RunCase Case, TargetDefinition Target, Platform Platform)
{
    /// <summary>The name tests and reports use: <c>hello/default @ debian-12/linux-arm64</c>.</summary>
    public string Name => $"{Binary.Name}/{Case.Name} @ {Target.Name}/{Platform.Slug}";

    /// <summary>
    /// A file name for this cell, unique within a matrix because names cannot hold <c>@</c>:
    /// <c>hello@default@debian-12@linux-arm64</c>.
    /// </summary>
    public string FileStem => $"{Binary.Name}@{Case.Name}@{Target.Name}@{Platform.Slug}";

    /// <summary>Where binaries (or their bundles) are put in the container; a loader's message starts with this path.</summary>
    public const string BinaryDirectory = "/app";

    public string BinaryPath => Binary.PathFor(Platform);

    /// <summary>The directory shipped whole with the binary, or null.</summary>
    public string? BundlePath => Binary.BundleFor(Platform);

    /// <summary>
    /// The binary's path in the container: <c>/app/hello</c>, or for a bundle its place in the bundle under
    /// <c>/app</c>: <c>/app/bin/greet</c>.
    /// </summary>
    public string ProgramPath => BundlePath is { } bundle ? InContainer(bundle, BinaryPath) : $"{BinaryDirectory}/{Binary.Name}";

    /// <summary>
    /// What is copied into the container: the binary, or every file of its bundle (links followed, so a library's
    /// name link arrives as a file) at its place under <see cref="BinaryDirectory"/>. In a stable order.
    /// </summary>
    public IEnumerable<(string HostPath, string ContainerPath)> Files() => BundlePath is { } bundle
        ? BundleRules.Files(bundle).Select(file => (file, InContainer(bundle, file)))
        : [(BinaryPath, ProgramPath)];

    private static string InContainer(string bundle, string file) =>
        $"{BinaryDirectory}/{Path.GetRelativePath(bundle, file).Replace(Path.DirectorySeparatorChar, '/')}";

    public string Image => Target.ImageFor(Platform);

    public override string ToString() => Name;
}
