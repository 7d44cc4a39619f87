using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;
using DeployMatrix.Predictions;

namespace DeployMatrix.Tests.Predictions;

/// <summary>
/// A binary shipped with a bundle finds libraries where its RUNPATH looks ($ORIGIN/../lib), before the image's; the
/// libraries found there are followed for their own needs, and every version is checked against the library the
/// loader would really load.
/// </summary>
public sealed class BundlePredictionSpecs(ContainerHarness harness)
{
    private const string Debian11 = "deploymatrix/debian:11-amd64";
    private const string Debian12 = "deploymatrix/debian:12-amd64";

    [Fact]
    public async Task A_library_shipped_where_the_RUNPATH_looks_is_found_there()
    {
        var prediction = await PredictAsync("greet-bundle", "bin/greet", Debian12);

        Assert.True(prediction.Starts);
    }

    [Fact]
    public async Task The_same_binary_shipped_alone_misses_its_library_and_is_told_where_it_looks()
    {
        var binary = ElfFile.Read(Path.Combine(harness.Assets.Fixture(KnownPlatforms.Amd64, "greet-bundle"), "bin", "greet"));
        var image = await FingerprintAsync(Debian12);

        var prediction = Predictor.Predict(binary, "/app/greet", image, KnownPlatforms.Amd64);

        Assert.Equal(new Verdict.MissingLibrary("libgreet.so.1"), prediction.Expected);
        Assert.Contains(Remedies.For(prediction, binary, image, KnownPlatforms.Amd64), r => r.Contains("RUNPATH $ORIGIN/../lib", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_the_bundled_library_lacks_is_laid_at_the_bundled_file()
    {
        var (prediction, binary, image) = await PredictWithAsync("greet-stale-bundle", "bin/greet", Debian12);

        var missing = Assert.Single(prediction.MissingVersions);
        Assert.Equal(("libgreet.so.1", "GREET_2.0", "/app/lib/libgreet.so.1", "GREET_1.0"), (missing.Library, missing.Version, missing.BundledAt, missing.NewestDefined));
        Assert.Equal(["greet_v2"], missing.Symbols);
        Assert.Contains(Remedies.For(prediction, binary, image, KnownPlatforms.Amd64), r => r.Contains("ship the build of libgreet.so.1 that defines GREET_2.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Libraries_found_in_the_bundle_are_followed_for_their_own_needs()
    {
        var prediction = await PredictAsync("cxx-bundle", "bin/cxx-modern", Debian11);

        // The bundled libstdc++ brings the GLIBCXX versions Debian 11's lacks, and glibc needs of its own.
        Assert.DoesNotContain(prediction.MissingVersions, m => m.Library == "libstdc++.so.6");
        Assert.Contains(prediction.MissingVersions, m => m is { Version: "GLIBC_2.36", NeededBy: "/app/lib/libstdc++.so.6" } && m.Symbols.Contains("arc4random"));
        Assert.Contains(prediction.MissingVersions, m => m is { Version: "GLIBC_2.35", NeededBy: "/app/lib/libgcc_s.so.1" } && m.Symbols.Contains("_dl_find_object"));
        Assert.Contains(prediction.MissingVersions, m => m is { Version: "GLIBC_2.34", NeededBy: null });
    }

    [Fact]
    public async Task A_binary_without_RUNPATH_finds_its_shipped_library_only_through_LD_LIBRARY_PATH()
    {
        var (alone, binary, image) = await PredictWithAsync("greet-plain-bundle", "bin/greet", Debian12);
        var withPath = await PredictWithAsync("greet-plain-bundle", "bin/greet", Debian12, libraryPath: ["/app/lib"]);

        Assert.Equal(new Verdict.MissingLibrary("libgreet.so.1"), alone.Expected);
        Assert.Equal(new ShippedLibrary("/app/lib/libgreet.so.1", "/app/lib", "$ORIGIN/../lib"), alone.ShippedElsewhere!["libgreet.so.1"]);
        Assert.Contains(
            "the bundle holds it in /app/lib: link with -Wl,-rpath,'$ORIGIN/../lib' or start the binary with LD_LIBRARY_PATH=/app/lib",
            Remedies.For(alone, binary, image, KnownPlatforms.Amd64));
        Assert.True(withPath.Prediction.Starts);
    }

    [Fact]
    public async Task A_shipped_library_of_another_machine_is_passed_over()
    {
        var binary = ElfFile.Read(Path.Combine(harness.Assets.Fixture(KnownPlatforms.Amd64, "greet-bundle"), "bin", "greet"));
        var i386 = ElfFile.Read(harness.Assets.Fixture(KnownPlatforms.I386, "hello"));

        var prediction = Predictor.Predict(
            binary, "/app/bin/greet", await FingerprintAsync(Debian12), KnownPlatforms.Amd64,
            new Dictionary<string, ElfFile> { ["/app/lib/libgreet.so.1"] = i386 });

        Assert.Equal(new Verdict.MissingLibrary("libgreet.so.1"), prediction.Expected);
    }

    private async Task<Prediction> PredictAsync(string bundle, string program, string image) =>
        (await PredictWithAsync(bundle, program, image)).Prediction;

    private async Task<(Prediction Prediction, ElfFile Binary, ImageFingerprint Image)> PredictWithAsync(
        string bundle, string program, string image, IReadOnlyList<string>? libraryPath = null)
    {
        var directory = harness.Assets.Fixture(KnownPlatforms.Amd64, bundle);
        var definition = new BinaryDefinition(bundle, Path.Combine(directory, program), [KnownPlatforms.Amd64], [RunCase.Default(TimeSpan.FromSeconds(1))], directory);
        var cell = new MatrixCell(definition, definition.Cases[0], new TargetDefinition("target", image, [KnownPlatforms.Amd64]), KnownPlatforms.Amd64);
        var shipped = cell.Files()
            .Where(file => file.ContainerPath != cell.ProgramPath)
            .ToDictionary(file => file.ContainerPath, file => ElfFile.Read(file.HostPath));
        var binary = ElfFile.Read(cell.BinaryPath);
        var fingerprint = await FingerprintAsync(image);
        return (Predictor.Predict(binary, cell.ProgramPath, fingerprint, KnownPlatforms.Amd64, shipped, libraryPath), binary, fingerprint);
    }

    private Task<ImageFingerprint> FingerprintAsync(string image) =>
        harness.Session.Fingerprints.GetAsync(image, KnownPlatforms.Amd64, TestContext.Current.CancellationToken);
}
