using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// The nightly matrix for users' CI names the public images people deploy to, on every platform each is published
/// for. It is only read here: no registry is reachable, so it never runs on this machine.
/// </summary>
public sealed class NightlyMatrixSpecs
{
    private static readonly MatrixDefinition Nightly =
        MatrixReader.Load(HarnessAssets.Locate().Root, [], "matrices/nightly.yaml");

    [Theory]
    [InlineData("centos")]
    [InlineData("ubuntu")]
    [InlineData("debian")]
    [InlineData("alpine")]
    public void It_names_public_images_of(string distribution)
    {
        Assert.Contains(Nightly.Targets, t => t.ImageTemplate is { } image && image.Contains(distribution, StringComparison.Ordinal)
                                              && !image.StartsWith("deploymatrix/", StringComparison.Ordinal));
    }

    [Fact]
    public void It_covers_amd64_i386_and_arm64()
    {
        Assert.Equal(["linux/386", "linux/amd64", "linux/arm64"], Nightly.Cells().Select(c => c.Platform.Name).Distinct().Order());
    }

    [Fact]
    public void Its_snapshots_are_kept_apart_from_the_local_matrix()
    {
        Assert.NotEqual(RepositoryMatrices.Default.SnapshotDirectory, Nightly.SnapshotDirectory);
    }
}
