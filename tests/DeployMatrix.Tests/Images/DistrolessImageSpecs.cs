using System.Formats.Tar;
using DeployMatrix.Engine;
using DeployMatrix.Images;
using DeployMatrix.Platforms;
using DeployMatrix.Tests.Fingerprints;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// The distroless images built here hold what Google's <c>static-debian12</c>, <c>base-debian12</c> and
/// <c>cc-debian12</c> hold, made from the same Debian 12 packages, and say in their label that they are not those
/// images. None has a shell, so their files are read from an export of a container that is never started, and their
/// libraries from the fingerprint the harness predicts with.
/// </summary>
public sealed class DistrolessImageSpecs(ContainerHarness harness, FingerprintedImages images) : IClassFixture<FingerprintedImages>
{
    public static TheoryData<string, string> Variants
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var variant in new[] { "static", "base", "cc" })
            {
                data.Add(variant, "linux/amd64");
                data.Add(variant, "linux/arm64");
            }

            return data;
        }
    }

    [Theory]
    [InlineData("static", "none as on gcr.io/distroless/static-debian12; not that image")]
    [InlineData("base", "glibc 2.36 as on gcr.io/distroless/base-debian12; not that image")]
    [InlineData("cc", "glibc 2.36 as on gcr.io/distroless/cc-debian12; not that image")]
    public async Task Each_says_in_its_label_whose_image_it_is_an_equivalent_of_and_that_it_is_not_that_image(string variant, string label)
    {
        using var client = harness.Session.Engine.CreateClient();
        foreach (var platform in new[] { KnownPlatforms.Amd64, KnownPlatforms.Arm64 })
        {
            var image = await client.Images.InspectImageAsync(Tag(variant, platform), TestContext.Current.CancellationToken);

            Assert.Equal(label, image.Config?.Labels?[ImageLabels.Equivalent]);
            Assert.Equal(platform.Architecture, image.Architecture);
            Assert.Contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", image.Config?.Env ?? []);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Each_has_the_static_images_files_and_no_shell_or_busybox(string variant, string platformName)
    {
        var platform = KnownPlatforms.Find(platformName)!;

        var files = await ExportAsync(variant, platform);

        var bundle = files.Text("/etc/ssl/certs/ca-certificates.crt");
        Assert.True(bundle.Split("-----BEGIN CERTIFICATE-----").Length > 100, "the bundle holds ca-certificates' certificates");
        Assert.EndsWith("-----END CERTIFICATE-----\n", bundle, StringComparison.Ordinal);
        Assert.Equal(
            "root:x:0:0:root:/root:/sbin/nologin\n" +
            "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n" +
            "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n",
            files.Text("/etc/passwd"));
        Assert.Contains("nonroot:x:65532:\n", files.Text("/etc/group"), StringComparison.Ordinal);
        Assert.Contains("hosts:          files dns\n", files.Text("/etc/nsswitch.conf"), StringComparison.Ordinal);
        Assert.Equal((TarEntryType.Directory, (UnixFileMode)0b1_111_111_111, 0), Directory(files, "/tmp"));
        Assert.Equal((TarEntryType.Directory, (UnixFileMode)0b111_000_000, 0), Directory(files, "/root"));
        Assert.Equal((TarEntryType.Directory, (UnixFileMode)0b111_000_000, DistrolessSystemFiles.NonrootId), Directory(files, "/home/nonroot"));

        // base-files' own os-release (not distroless's PRETTY_NAME="Distroless"), tzdata, netbase and media-types.
        Assert.Equal("../usr/lib/os-release", files["/etc/os-release"]?.LinkTarget);
        Assert.Contains("VERSION_CODENAME=bookworm\n", files.Text("/usr/lib/os-release"), StringComparison.Ordinal);
        Assert.NotNull(files["/usr/share/zoneinfo/UTC"]);
        Assert.Contains("https\t\t443/tcp", files.Text("/etc/services"), StringComparison.Ordinal);
        Assert.Contains("application/json", files.Text("/etc/mime.types"), StringComparison.Ordinal);

        Assert.DoesNotContain(files.Paths, path => path.EndsWith("/sh", StringComparison.Ordinal) || path.EndsWith("/bash", StringComparison.Ordinal));
        Assert.DoesNotContain(files.Paths, path => path.Contains("busybox", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("linux/amd64", "/lib64/ld-linux-x86-64.so.2")]
    [InlineData("linux/arm64", "/lib/ld-linux-aarch64.so.1")]
    public async Task Static_has_no_C_library_base_adds_glibc_2_36_and_libssl_3_and_cc_the_CXX_runtime(string platformName, string loader)
    {
        var platform = KnownPlatforms.Find(platformName)!;

        var @static = await images.Of(Tag("static", platform), platform);
        var @base = await images.Of(Tag("base", platform), platform);
        var cc = await images.Of(Tag("cc", platform), platform);

        Assert.Equal(LibcInfo.None, @static.Libc);
        Assert.Empty(@static.Interpreters);
        Assert.Empty(@static.Libraries);

        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.36"), @base.Libc);
        Assert.True(@base.HasInterpreter(loader), $"base has {loader}");
        Assert.True(@base.CanFind("libssl.so.3") && @base.CanFind("libcrypto.so.3"), "base has libssl.so.3 and libcrypto.so.3");
        Assert.False(@base.CanFind("libstdc++.so.6"), "base has no libstdc++.so.6");
        Assert.False(@base.CanFind("libgcc_s.so.1"), "base has no libgcc_s.so.1");

        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.36"), cc.Libc);
        Assert.True(cc.HasInterpreter(loader), $"cc has {loader}");
        Assert.True(cc.Defines("libstdc++.so.6", "GLIBCXX_3.4.30"), "cc has gcc 12's libstdc++.so.6");
        Assert.True(cc.CanFind("libgcc_s.so.1") && cc.CanFind("libgomp.so.1") && cc.CanFind("libssl.so.3"), "cc has libgcc_s, libgomp and libssl");
    }

    private static string Tag(string variant, Platform platform) => $"deploymatrix/distroless:{variant}-debian12-{platform.DebianArchitecture}";

    private static (TarEntryType Type, UnixFileMode Mode, int Owner) Directory(ImageFiles files, string path)
    {
        var file = files[path];
        Assert.True(file is not null, $"the image has {path}");
        return (file.Type, file.Mode, file.Owner);
    }

    private async Task<ImageFiles> ExportAsync(string variant, Platform platform)
    {
        using var client = harness.Session.Engine.CreateClient();
        return await ImageFiles.ExportAsync(client, harness.Session.Janitor, Tag(variant, platform), platform, TestContext.Current.CancellationToken);
    }
}
