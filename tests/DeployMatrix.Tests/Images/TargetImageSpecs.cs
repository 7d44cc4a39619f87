using DeployMatrix.Containers;
using DeployMatrix.Images;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Images;

/// <summary>Each local target image starts, holds the C library its recipe promises, and reports its platform's machine.</summary>
public sealed class TargetImageSpecs(ContainerHarness harness)
{
    private static readonly ImageCatalog Catalog = ImageCatalog.Load(HarnessAssets.Locate().ImageCatalog);

    public static IEnumerable<TheoryDataRow<string, string>> Images =>
        from image in Catalog.Images
        from platform in image.Platforms
        select new TheoryDataRow<string, string>(image.LocalTag(platform), platform.Name);

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Image_reports_its_machine(string tag, string platformName)
    {
        var (image, platform) = Find(tag, platformName);
        var probe = image.Libc.Kind == LibcKind.None
            ? await RunFixtureAsync(tag, platform, "hello-static")
            : await RunAsync(tag, platform, image.Libc.Kind == LibcKind.Musl ? "/bin/uname" : "/usr/bin/uname", "-m");

        Assert.Equal(0, probe.ExitCode);
        Assert.Contains(platform.UnameMachine, probe.Stdout.Split(['\n', ' '], StringSplitOptions.TrimEntries));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Image_holds_the_libc_of_its_recipe(string tag, string platformName)
    {
        var (image, platform) = Find(tag, platformName);

        switch (image.Libc.Kind)
        {
            case LibcKind.Glibc:
                var ldd = await RunAsync(tag, platform, "/usr/bin/ldd", "--version");
                Assert.EndsWith($" {image.Libc.Version}", ldd.Stdout.Split('\n')[0], StringComparison.Ordinal);
                break;
            case LibcKind.Musl:
                // musl's loader run by itself prints its banner to stderr and exits 1.
                var loader = await RunAsync(tag, platform, $"/lib/ld-musl-{platform.MuslArchitecture}.so.1");
                Assert.Contains($"Version {image.Libc.Version}", loader.Stderr, StringComparison.Ordinal);
                break;
            default:
                // No libc: a dynamic glibc binary cannot even start, for want of its interpreter.
                var dynamic = await RunFixtureAsync(tag, platform, "hello");
                Assert.NotEqual(0, dynamic.ExitCode);
                Assert.Contains("no such file or directory", dynamic.Stderr, StringComparison.OrdinalIgnoreCase);
                break;
        }
    }

    private static (ImageDefinition Image, Platform Platform) Find(string tag, string platformName)
    {
        var platform = KnownPlatforms.Find(platformName)!;
        return (Catalog.Images.Single(i => i.Platforms.Contains(platform) && i.LocalTag(platform) == tag), platform);
    }

    private Task<ContainerResult> RunAsync(string tag, Platform platform, params string[] command) =>
        harness.Runner.RunAsync(new ContainerRequest { Image = tag, Platform = platform, Command = command }, TestContext.Current.CancellationToken);

    private Task<ContainerResult> RunFixtureAsync(string tag, Platform platform, string fixture) =>
        harness.Runner.RunAsync(
            new ContainerRequest
            {
                Image = tag,
                Platform = platform,
                Command = ["/app/" + fixture],
                Files = [new ContainerFile(harness.Assets.Fixture(platform, fixture), "/app/" + fixture)],
            },
            TestContext.Current.CancellationToken);
}
