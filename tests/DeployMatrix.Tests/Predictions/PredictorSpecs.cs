using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;
using DeployMatrix.Predictions;

namespace DeployMatrix.Tests.Predictions;

/// <summary>
/// A cell's verdict is predicted from the binary's ELF file and the image's fingerprint alone, with every missing
/// piece at once, and set beside what the run observed.
/// </summary>
public sealed class PredictorSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task Glibc_hello_on_debian_11_needs_GLIBC_2_34_for___libc_start_main()
    {
        var prediction = await PredictAsync("hello", KnownPlatforms.Amd64, "deploymatrix/debian:11-amd64");

        var missing = Assert.Single(prediction.MissingVersions);
        Assert.Equal(("libc.so.6", "GLIBC_2.34"), (missing.Library, missing.Version));
        Assert.Contains("__libc_start_main", missing.Symbols);
        Assert.Equal("GLIBC_2.30", missing.NewestDefined);
        Assert.IsType<Verdict.MissingSymbolVersion>(prediction.Expected);
    }

    [Fact]
    public async Task Every_missing_library_is_named_though_the_loader_reports_only_the_first()
    {
        var prediction = await PredictAsync("needs-libssl", KnownPlatforms.Amd64, "deploymatrix/debian:12-amd64");
        var observed = new Verdict.MissingLibrary("libssl.so.3");

        var explanation = await ExplainAsync(prediction, observed, "needs-libssl", KnownPlatforms.Amd64, "deploymatrix/debian:12-amd64");

        Assert.Equal(["libssl.so.3", "libcrypto.so.3"], prediction.MissingLibraries);
        Assert.Equal(Agreement.Agrees, explanation.Agreement);
        Assert.Contains(explanation.Why, line => line.Contains("libcrypto.so.3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cxx_binary_on_debian_11_lacks_both_GLIBCXX_versions_and_is_told_to_link_libstdcxx_statically()
    {
        var prediction = await PredictAsync("cxx-modern", KnownPlatforms.Amd64, "deploymatrix/debian:11-amd64");

        Assert.Equal(
            ["GLIBCXX_3.4.29", "GLIBCXX_3.4.30"],
            prediction.MissingVersions.Where(m => m.Library == "libstdc++.so.6").Select(m => m.Version).Order());
        Assert.Contains(
            "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE",
            prediction.MissingVersions.Single(m => m.Version == "GLIBCXX_3.4.30").Symbols);
        var image = await FingerprintAsync("deploymatrix/debian:11-amd64", KnownPlatforms.Amd64);
        var binary = ElfFile.Read(harness.Assets.Fixture(KnownPlatforms.Amd64, "cxx-modern"));
        Assert.Contains(Remedies.For(prediction, binary, image, KnownPlatforms.Amd64), r => r.Contains("-static-libstdc++", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_glibc_binary_on_the_musl_image_misses_its_interpreter()
    {
        var prediction = await PredictAsync("hello", KnownPlatforms.Amd64, "deploymatrix/musl:1.2.3-amd64");

        Assert.Equal(new Verdict.InterpreterMissing("/lib64/ld-linux-x86-64.so.2"), prediction.Expected);
    }

    [Fact]
    public async Task A_static_amd64_binary_in_an_arm64_cell_is_the_wrong_architecture_by_its_ELF_header_and_is_not_run()
    {
        var arm64 = "deploymatrix/debian:12-arm64";
        var binary = ElfFile.Read(harness.Assets.Fixture(KnownPlatforms.Amd64, "hello-static"));
        var image = await FingerprintAsync(arm64, KnownPlatforms.Arm64);
        var prediction = Predictor.Predict(binary, "/app/hello-static", image, KnownPlatforms.Arm64);

        var explanation = Explainer.Explain(
            new CellPrediction(prediction, binary, image, KnownPlatforms.Arm64, NoCompatibility(KnownPlatforms.Arm64)), Native(KnownPlatforms.Arm64), null, "");

        Assert.IsType<Verdict.WrongArchitecture>(explanation.Final);
        Assert.Null(explanation.Observed);
        Assert.Equal(Agreement.Agrees, explanation.Agreement);
        Assert.False(explanation.Emulated);
        Assert.Contains(explanation.Why, line => line.Contains("Not run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_that_contradicts_the_prediction_is_flagged()
    {
        var prediction = await PredictAsync("hello", KnownPlatforms.Amd64, "deploymatrix/debian:12-amd64");

        var explanation = await ExplainAsync(prediction, new Verdict.MissingLibrary("libc.so.6"), "hello", KnownPlatforms.Amd64, "deploymatrix/debian:12-amd64");

        Assert.Equal(Agreement.Disagrees, explanation.Agreement);
    }

    private async Task<Prediction> PredictAsync(string fixture, Platform platform, string image) =>
        Predictor.Predict(
            ElfFile.Read(harness.Assets.Fixture(platform, fixture)), $"/app/{fixture}", await FingerprintAsync(image, platform), platform);

    private async Task<Explanation> ExplainAsync(Prediction prediction, Verdict observed, string fixture, Platform platform, string image) =>
        Explainer.Explain(
            new CellPrediction(prediction, ElfFile.Read(harness.Assets.Fixture(platform, fixture)), await FingerprintAsync(image, platform), platform, NoCompatibility(platform)),
            Native(platform), observed, "");

    private Task<ImageFingerprint> FingerprintAsync(string image, Platform platform) =>
        harness.Session.Fingerprints.GetAsync(image, platform, TestContext.Current.CancellationToken);

    private static BinaryCompatibility NoCompatibility(Platform platform) => new("binary", platform, []);

    private static PlatformExecution Native(Platform platform) => new(platform, ExecutionMode.Native, null, null, "given");
}
