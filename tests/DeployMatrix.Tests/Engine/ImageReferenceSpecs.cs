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
    [InlineData("app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "app", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("registry:5000/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "registry:5000/app", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void A_reference_splits_into_repository_and_tag(string reference, string repository, string tag) =>
        Assert.Equal((repository, tag), ImageReference.Split(reference));

    [Theory]
    [InlineData("debian:12")]
    [InlineData("quay.io/centos/centos:stream9")]
    [InlineData("127.0.0.1:5000/debian:12")]
    [InlineData("localhost/team_a/app-x:1.0_rc.2")]
    [InlineData("Registry.Example.COM/app")]
    [InlineData("debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void A_reference_docker_takes_has_no_problem(string reference) =>
        Assert.Null(ImageReference.Problem(reference));

    [Theory]
    [InlineData("Debian:12", "a repository name is lower case")]
    [InlineData("debian 12", "it holds a space")]
    [InlineData("debian:12-{platform}", "it holds a placeholder other than {arch}")]
    [InlineData("debian@sha256:abc", "a digest is sha256: and 64 hex digits")]
    [InlineData("debian:-12", "'-12' is not a tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')")]
    [InlineData("team//app", "'team//app' is not a repository name")]
    [InlineData("app-:1", "'app-' is not a repository name")]
    public void A_reference_docker_would_refuse_names_its_problem(string reference, string problem) =>
        Assert.Equal(problem, ImageReference.Problem(reference));

    [Fact]
    public void A_pulled_image_gets_one_alias_per_platform_in_lower_case()
    {
        Assert.Equal("deploymatrix-pulled/quay.io/centos/centos:stream9--linux-arm64", TargetImages.PulledAlias("quay.io/centos/centos:stream9", KnownPlatforms.Arm64));
        Assert.Equal("deploymatrix-pulled/library/alpine:latest--linux-386", TargetImages.PulledAlias("Library/Alpine", KnownPlatforms.I386));
    }

    [Theory]
    [InlineData("registry:5000/team/app:1.0", "deploymatrix-pulled/registry-5000/team/app:1.0--linux-amd64")]
    [InlineData("127.0.0.1:5000/debian@sha256:4748750a2bb248125b3f7817c0f166377447833340f987f8c79f9cded26604a8",
        "deploymatrix-pulled/127.0.0.1-5000/debian:sha256-4748750a2bb248125b3f7817c0f166377447833340f987f8c79f9cded26604a8--linux-amd64")]
    public void A_registrys_port_and_a_pinned_digest_make_a_valid_alias(string reference, string alias)
    {
        Assert.Equal(alias, TargetImages.PulledAlias(reference, KnownPlatforms.Amd64));
        Assert.Null(ImageReference.Problem(alias));
    }

    [Theory]
    [InlineData("debian:12", "docker.io")]
    [InlineData("quay.io/centos/centos:stream9", "quay.io")]
    [InlineData("127.0.0.1:5000/debian:12", "127.0.0.1:5000")]
    [InlineData("localhost/app", "localhost")]
    [InlineData("team/app", "docker.io")]
    public void The_registry_of_a_reference_is_its_first_part_when_that_names_a_host(string reference, string registry) =>
        Assert.Equal(registry, ImageReference.RegistryOf(reference));
}
