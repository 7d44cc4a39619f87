using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;
using Docker.DotNet.Models;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>
/// A target image's fingerprint says what its loader gives a binary, read from the image's files: which C library of
/// which version, the interpreters present, and the libraries found by name with the versions they define.
/// </summary>
public sealed class TargetImageFingerprintSpecs(ContainerHarness harness, FingerprintedImages images)
    : IClassFixture<FingerprintedImages>
{
    [Fact]
    public async Task Debian_11_amd64_is_glibc_2_31_without_the_2_34_symbols()
    {
        var image = await images.Of("deploymatrix/debian:11-amd64", KnownPlatforms.Amd64);

        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.31"), image.Libc);
        Assert.Equal("glibc 2.31", image.Libc.ToString());
        Assert.Equal("linux/amd64", image.Platform);
        Assert.True(image.Defines("libc.so.6", "GLIBC_2.30"));
        Assert.True(image.Defines("libc.so.6", "GLIBC_2.2.5"));
        Assert.False(image.Defines("libc.so.6", "GLIBC_2.34"));
        Assert.True(image.Defines("libstdc++.so.6", "GLIBCXX_3.4.28"));
        Assert.False(image.Defines("libstdc++.so.6", "GLIBCXX_3.4.29"));
        Assert.True(image.Defines("libgcc_s.so.1", "GCC_3.0"));
        Assert.False(image.CanFind("libssl.so.3"));
        Assert.True(image.HasInterpreter("/lib64/ld-linux-x86-64.so.2"));
        Assert.False(image.HasInterpreter("/lib/ld-musl-x86_64.so.1"));
        Assert.Empty(image.LoaderProvidedPrefixes);
    }

    [Fact]
    public async Task A_library_is_found_where_the_loader_looks_first_and_named_by_its_soname()
    {
        var image = await images.Of("deploymatrix/debian:11-amd64", KnownPlatforms.Amd64);

        var libc = image.Library("libc.so.6");

        Assert.NotNull(libc);
        Assert.Equal("libc.so.6", libc.Soname);
        Assert.Equal("/lib/x86_64-linux-gnu/libc.so.6", libc.Path);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libc-2.31.so", libc.RealPath);
        Assert.Null(libc.ReadError);
        Assert.DoesNotContain("libc.so.6", libc.VersionDefinitions);
        Assert.Contains("GLIBC_PRIVATE", libc.VersionDefinitions);
        Assert.Contains("libc.so.6", image.Sonames);
        Assert.Contains("libc-2.31.so", image.Sonames);
    }

    [Fact]
    public async Task The_search_path_is_ld_so_conf_then_the_trusted_directories()
    {
        var image = await images.Of("deploymatrix/debian:11-amd64", KnownPlatforms.Amd64);

        Assert.Equal(
            [
                "/usr/local/lib", "/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            ],
            image.SearchDirectories);
    }

    [Fact]
    public async Task Debian_12_i386_is_glibc_2_36_with_the_32_bit_loader()
    {
        var image = await images.Of("deploymatrix/debian:12-i386", KnownPlatforms.I386);

        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.36"), image.Libc);
        Assert.True(image.HasInterpreter("/lib/ld-linux.so.2"));
        Assert.False(image.HasInterpreter("/lib64/ld-linux-x86-64.so.2"));
        Assert.True(image.Defines("libc.so.6", "GLIBC_2.36"));
        Assert.True(image.Defines("libc.so.6", "GLIBC_2.0"));
        Assert.False(image.Defines("libc.so.6", "GLIBC_2.37"));
        Assert.DoesNotContain("/lib64", image.SearchDirectories);
        Assert.Equal("/lib/i386-linux-gnu/libc.so.6", image.Library("libc.so.6")?.Path);
    }

    [Fact]
    public async Task Debian_13_arm64_is_glibc_2_41_with_the_aarch64_loader()
    {
        var image = await images.Of("deploymatrix/debian:13-arm64", KnownPlatforms.Arm64);

        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.41"), image.Libc);
        Assert.True(image.HasInterpreter("/lib/ld-linux-aarch64.so.1"));
        Assert.False(image.HasInterpreter("/lib64/ld-linux-x86-64.so.2"));
        Assert.True(image.Defines("libc.so.6", "GLIBC_2.17"));
        Assert.True(image.Defines("libc.so.6", "GLIBC_2.41"));
        Assert.False(image.Defines("libc.so.6", "GLIBC_2.2.5"));
        Assert.True(image.CanFind("libstdc++.so.6"));
    }

    [Theory]
    [InlineData("amd64", "x86_64")]
    [InlineData("i386", "i386")]
    [InlineData("arm64", "aarch64")]
    public async Task Musl_1_2_3_says_its_version_through_its_own_loader(string architecture, string muslArchitecture)
    {
        var platform = KnownPlatforms.All.Single(p => p.DebianArchitecture == architecture);

        var image = await images.Of($"deploymatrix/musl:1.2.3-{architecture}", platform);

        Assert.Equal(new LibcInfo(LibcKind.Musl, "1.2.3"), image.Libc);
        Assert.True(image.IsComplete);
        Assert.True(image.HasInterpreter($"/lib/ld-musl-{muslArchitecture}.so.1"));
        Assert.Equal([$"/lib/ld-musl-{muslArchitecture}.so.1"], image.Interpreters);
        Assert.Equal([$"/lib/{muslArchitecture}-linux-musl", $"/usr/lib/{muslArchitecture}-linux-musl"], image.SearchDirectories);
        Assert.Equal($"/lib/{muslArchitecture}-linux-musl/libc.so", image.Library("libc.so")?.RealPath);
        Assert.True(image.Timings.LibcProbe > TimeSpan.Zero);
    }

    [Fact]
    public async Task Musl_has_no_libc_so_6_on_disk_but_its_loader_answers_for_libc_names()
    {
        var image = await images.Of("deploymatrix/musl:1.2.3-amd64", KnownPlatforms.Amd64);

        Assert.False(image.CanFind("libc.so.6"));
        Assert.False(image.CanFind("libstdc++.so.6"));
        Assert.True(image.IsProvidedByLoader("libc.so.6"));
        Assert.True(image.IsProvidedByLoader("libpthread.so.0"));
        Assert.True(image.IsProvidedByLoader("libc.musl-x86_64.so.1"));
        Assert.False(image.IsProvidedByLoader("libgcc_s.so.1"));
        Assert.False(image.IsProvidedByLoader("libcrypto.so.3"));
        Assert.DoesNotContain(image.Interpreters, path => path.Contains("ld-linux", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scratch_has_no_libc_no_interpreter_and_no_library()
    {
        var image = await images.Of("deploymatrix/scratch:amd64", KnownPlatforms.Amd64);

        Assert.Equal(LibcInfo.None, image.Libc);
        Assert.Equal("none", image.Libc.ToString());
        Assert.Empty(image.Interpreters);
        Assert.Empty(image.Sonames);
        Assert.Empty(image.SearchDirectories);
        Assert.True(image.IsComplete);
    }

    [Fact]
    public async Task A_fingerprint_survives_its_json_unchanged()
    {
        var image = await images.Of("deploymatrix/debian:11-amd64", KnownPlatforms.Amd64);

        var json = FingerprintJson.Serialize(image);
        var read = FingerprintJson.Deserialize(json);

        Assert.Equal(image, read);
        Assert.Contains("\"kind\":\"glibc\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_of_another_platform_is_refused()
    {
        var error = await Assert.ThrowsAsync<DeployMatrixException>(
            () => images.Store.GetAsync("deploymatrix/debian:12-i386", KnownPlatforms.Amd64, TestContext.Current.CancellationToken));

        Assert.Equal(
            "deploymatrix/debian:12-i386 is linux/386, not linux/amd64: its fingerprint would describe another platform's loader",
            error.Message);
    }

    [Fact]
    public async Task A_missing_image_is_said_to_be_missing()
    {
        var error = await Assert.ThrowsAsync<DeployMatrixException>(
            () => images.Store.GetAsync("deploymatrix/debian:no-such-tag", KnownPlatforms.Amd64, TestContext.Current.CancellationToken));

        Assert.Equal("deploymatrix/debian:no-such-tag is not here: no fingerprint can be taken of it", error.Message);
    }

    [Fact]
    public async Task No_container_outlives_the_fingerprint()
    {
        // A janitor of its own gives this fingerprint's container a session label no other specification uses.
        var cancellation = TestContext.Current.CancellationToken;
        await using var janitor = await ContainerJanitor.StartAsync(harness.Session.Engine, cancellation);
        using var fingerprinter = new DockerImageFingerprinter(harness.Session.Engine, janitor, runner: null);
        var image = await fingerprinter.InspectAsync("deploymatrix/debian:12-arm64", cancellation);

        var fingerprint = await fingerprinter.TakeAsync(image!, KnownPlatforms.Arm64, cancellation);

        Assert.Empty(await SessionContainersAsync(janitor));
        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.36"), fingerprint.Libc);
    }

    [Fact]
    public async Task A_fingerprint_cancelled_while_the_image_streams_leaves_no_container()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var janitor = await ContainerJanitor.StartAsync(harness.Session.Engine, cancellation);
        using var fingerprinter = new DockerImageFingerprinter(harness.Session.Engine, janitor, runner: null);
        var image = await fingerprinter.InspectAsync("deploymatrix/debian:13-arm64", cancellation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stop.CancelAfter(TimeSpan.FromMilliseconds(150));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fingerprinter.TakeAsync(image!, KnownPlatforms.Arm64, stop.Token));

        Assert.Empty(await SessionContainersAsync(janitor));
    }

    private async Task<IList<ContainerListResponse>> SessionContainersAsync(ContainerJanitor janitor)
    {
        using var client = harness.Session.Engine.CreateClient();
        return await client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Session}={janitor.SessionId:N}"] = true },
                },
            },
            TestContext.Current.CancellationToken);
    }
}
