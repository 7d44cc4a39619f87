using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Images;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Images;

/// <summary>Each local target image starts, holds the C library its recipe promises, and reports its platform's machine.</summary>
public sealed class TargetImageSpecs(ContainerHarness harness)
{
    private static readonly ImageCatalog Catalog = ImageCatalog.Load(Path.Combine(HarnessAssets.Locate().Root, ImageCatalog.DefaultPath));

    public static IEnumerable<TheoryDataRow<string, string>> Images =>
        from image in Catalog.Images
        from platform in image.Platforms
        select new TheoryDataRow<string, string>(image.LocalTag(platform), platform.Name);

    public static IEnumerable<TheoryDataRow<string, string>> ImagesWithShell =>
        from image in Catalog.Images
        where HasShell(image)
        from platform in image.Platforms
        select new TheoryDataRow<string, string>(image.LocalTag(platform), platform.Name);

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Image_reports_its_machine(string tag, string platformName)
    {
        var (image, platform) = Find(tag, platformName);
        var probe = HasShell(image)
            ? await RunAsync(tag, platform, "uname", "-m")
            : await RunFixtureAsync(tag, platform, "hello-static");

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
                // glibc's libc.so.6 run by itself prints its banner: "GNU C Library (...) stable release version 2.36."
                // Without a shell to look for it, it is where Debian's libc6 puts it.
                var libc = HasShell(image)
                    ? await RunAsync(tag, platform, "/bin/sh", "-c", "exec $(ls /lib/libc.so.6 /lib/*/libc.so.6 2>/dev/null | head -n 1)")
                    : await RunAsync(tag, platform, $"/lib/{platform.GnuTriplet}/libc.so.6");
                Assert.Contains($" version {image.Libc.Version}", libc.Stdout.Split('\n')[0], StringComparison.Ordinal);
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

    /// <summary>
    /// busybox picks the applet by argv[0]: under an emulator that loses it, every applet ran as sh, so a pipe in a
    /// shell script behaved by host (binfmt_misc flag P).
    /// </summary>
    [Theory]
    [MemberData(nameof(ImagesWithShell))]
    public async Task Image_runs_a_shell_pipeline_with_each_command_as_itself(string tag, string platformName)
    {
        var (_, platform) = Find(tag, platformName);

        var pipeline = await RunAsync(tag, platform, "/bin/sh", "-c", "echo one two three | wc -w");

        Assert.Equal((0, "3"), (pipeline.ExitCode, pipeline.Stdout.Trim()));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Image_that_stands_in_for_a_system_or_an_image_says_so_in_its_label_and_no_other_does(string tag, string platformName)
    {
        var (image, _) = Find(tag, platformName);
        using var client = harness.Session.Engine.CreateClient();
        var inspected = await client.Images.InspectImageAsync(tag, TestContext.Current.CancellationToken);
        string? equivalent = null;
        inspected.Config?.Labels?.TryGetValue(ImageLabels.Equivalent, out equivalent);

        Assert.Equal(
            image.Equivalent is null ? null : $"{image.Libc} as on {image.Equivalent.Name}; not that {(image.Equivalent.IsImage ? "image" : "system")}",
            equivalent);
    }

    [Fact]
    public async Task The_glibc_2_17_image_has_the_libstdcxx_of_CentOS_7_and_a_newer_glibc_binary_fails_there_as_on_CentOS_7()
    {
        foreach (var platform in new[] { KnownPlatforms.Amd64, KnownPlatforms.Arm64 })
        {
            var tag = $"deploymatrix/glibc:2.17-{platform.DebianArchitecture}";
            var libstdcxx = await RunAsync(tag, platform, "readlink", "/lib/libstdc++.so.6");
            Assert.Equal("libstdc++.so.6.0.19", libstdcxx.Stdout.Trim());

            var newer = await RunFixtureAsync(tag, platform, "hello");
            Assert.Equal(1, newer.ExitCode);
            Assert.Matches(@"^/app/hello: /lib(64)?/libc\.so\.6: version `GLIBC_2\.34' not found \(required by /app/hello\)", newer.Stderr);

            var built = await RunFixtureAsync(tag, platform, "cxx-glibc217");
            Assert.Equal((0, "hello from a C++11 thread (steady clock monotonic)\n"), (built.ExitCode, built.Stdout));
        }
    }

    /// <summary>Images made of nothing, or of packages alone as distroless is, have no shell.</summary>
    private static bool HasShell(ImageDefinition image) => image.Recipe is not (EmptyRecipe or PackagesRecipe);

    private static (ImageDefinition Image, Platform Platform) Find(string tag, string platformName)
    {
        var platform = KnownPlatforms.Find(platformName)!;
        return (Catalog.Images.Single(i => i.Platforms.Contains(platform) && i.LocalTag(platform) == tag), platform);
    }

    private Task<ContainerResult> RunAsync(string tag, Platform platform, params string[] command) =>
        harness.Runner.RunAsync(new ContainerRequest { Image = tag, Platform = platform, Command = command, Limits = RunnerSettings.Default.Limits }, TestContext.Current.CancellationToken);

    private Task<ContainerResult> RunFixtureAsync(string tag, Platform platform, string fixture) =>
        harness.Runner.RunAsync(
            new ContainerRequest
            {
                Image = tag,
                Platform = platform,
                Command = ["/app/" + fixture],
                Files = [new ContainerFile(harness.Assets.Fixture(platform, fixture), "/app/" + fixture)],
                Limits = RunnerSettings.Default.Limits,
            },
            TestContext.Current.CancellationToken);
}
