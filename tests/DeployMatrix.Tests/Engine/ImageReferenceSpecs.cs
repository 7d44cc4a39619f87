using DeployMatrix.Engine;
using DeployMatrix.Platforms;
using DeployMatrix.Running;

namespace DeployMatrix.Tests.Engine;

/// <summary>An image reference comes apart as Docker's API wants it: repository and tag, <c>latest</c> by default.</summary>
public sealed class ImageReferenceSpecs
{
    [Theory]
    [InlineData("debian:12", "debian", "12")]
    [InlineData("deploymatrix/debian:12-arm64", "deploymatrix/debian", "12-arm64")]
    [InlineData("alpine", "alpine", "latest")]
    [InlineData("registry:5000/team/app", "registry:5000/team/app", "latest")]
    [InlineData("registry:5000/team/app:1.2", "registry:5000/team/app", "1.2")]
    public void A_reference_splits_into_repository_and_tag(string reference, string repository, string tag) =>
        Assert.Equal((repository, tag), ImageReference.Split(reference));

    [Fact]
    public void A_pulled_image_gets_one_alias_per_platform_in_lower_case()
    {
        Assert.Equal("deploymatrix-pulled/quay.io/centos/centos:stream9--linux-arm64", TargetImages.PulledAlias("quay.io/centos/centos:stream9", KnownPlatforms.Arm64));
        Assert.Equal("deploymatrix-pulled/library/alpine:latest--linux-386", TargetImages.PulledAlias("Library/Alpine", KnownPlatforms.I386));
    }
}
