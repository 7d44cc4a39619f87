using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// One build of a binary: the binary for one platform, whatever the target. Its distribution table (where it runs,
/// by distribution family, from recorded facts) has a snapshot of its own beside its cells'.
/// </summary>
internal sealed record BinaryBuild(BinaryDefinition Binary, Platform Platform) : ISnapshotSubject
{
    /// <summary>What the snapshot of a build holds, in its name: <c>hello @ linux-amd64 (distributions)</c>.</summary>
    public const string Subject = "distributions";

    /// <summary><c>hello @ linux-amd64 (distributions)</c>.</summary>
    public string Name => $"{Binary.Name} @ {Platform.Slug} ({Subject})";

    /// <summary><c>hello@linux-amd64@distributions</c>: three parts, where a cell's file has four.</summary>
    public string FileStem => $"{Binary.Name}@{Platform.Slug}@{Subject}";

    public override string ToString() => Name;
}
