using DeployMatrix.Elf;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;
using DeployMatrix.Predictions;

namespace DeployMatrix.Tests.Predictions;

/// <summary>
/// A run through an emulator proves a binary starts, not that it works: where the binary should start and the
/// emulated run crashed, was killed or hung, the verdict is inconclusive, the same for each of these, and its remedy
/// is a machine of the platform. The same observation on a native host is the binary's own.
/// </summary>
public sealed class EmulatedRunSpecs(ContainerHarness harness)
{
    private const string Image = "deploymatrix/debian:12-arm64";

    private static readonly PlatformExecution Emulated =
        new(KnownPlatforms.Arm64, ExecutionMode.Emulated, "/usr/bin/qemu-aarch64-static", null, "given");

    private static readonly PlatformExecution Native = new(KnownPlatforms.Arm64, ExecutionMode.Native, null, null, "given");

    public static TheoryData<string, string> EmulatorFaults => new()
    {
        { "killed by a signal", "" },
        { "hung", "" },
        { "Go runtime confused by qemu", "fatal: morestack on gsignal\n" },
        { "qemu's own report", "qemu: uncaught target signal 11 (Segmentation fault) - core dumped\n" },
    };

    [Theory]
    [MemberData(nameof(EmulatorFaults))]
    public async Task A_binary_that_should_start_and_fails_only_under_emulation_is_inconclusive_whatever_the_failure(string failure, string stderr)
    {
        Verdict observed = failure switch
        {
            "killed by a signal" or "qemu's own report" => new Verdict.KilledBySignal(Signal.SegmentationFault),
            "hung" => new Verdict.TimedOut(TimeSpan.FromSeconds(30)),
            _ => new Verdict.Ran(2),
        };

        var explanation = await ExplainAsync(observed, stderr, Emulated);

        Assert.Equal(new Verdict.InconclusiveUnderEmulation("linux/arm64", observed, stderr.Length == 0 ? null : stderr.TrimEnd('\n')), explanation.Final);
        Assert.Equal("inconclusive under emulation", explanation.Final.Text);
        Assert.Equal(Agreement.Inconclusive, explanation.Agreement);
        Assert.Equal(["run the linux/arm64 cells on a linux/arm64 machine, for example a CI job on ubuntu-24.04-arm: there the run decides"], explanation.Remedies);
    }

    [Fact]
    public async Task The_same_crash_on_a_native_host_is_the_binarys_own()
    {
        var crash = new Verdict.KilledBySignal(Signal.SegmentationFault);

        var explanation = await ExplainAsync(crash, "", Native);

        Assert.Equal(crash, explanation.Final);
        Assert.Equal(Agreement.Agrees, explanation.Agreement);
    }

    [Fact]
    public async Task An_ordinary_failing_exit_under_emulation_is_the_binarys_own()
    {
        var explanation = await ExplainAsync(new Verdict.Ran(3), "usage: hello\n", Emulated);

        Assert.Equal(new Verdict.Ran(3), explanation.Final);
        Assert.True(explanation.Emulated);
    }

    [Fact]
    public async Task A_loader_failure_under_emulation_is_judged_as_natively()
    {
        var binary = ElfFile.Read(harness.Assets.Fixture(KnownPlatforms.Arm64, "hello"));
        var musl = await harness.Session.Fingerprints.GetAsync("deploymatrix/musl:1.2.3-arm64", KnownPlatforms.Arm64, TestContext.Current.CancellationToken);
        var prediction = Predictor.Predict(binary, "/app/hello", musl, KnownPlatforms.Arm64);
        var observed = new Verdict.InterpreterMissing("/lib/ld-linux-aarch64.so.1");

        var predicted = new CellPrediction(prediction, binary, musl, KnownPlatforms.Arm64, new BinaryCompatibility("hello", KnownPlatforms.Arm64, []));

        var emulated = Explainer.Explain(predicted, Emulated, observed, "");
        var native = Explainer.Explain(predicted, Native, observed, "");

        Assert.Equal(native.Final, emulated.Final);
        Assert.Equal(Agreement.Agrees, emulated.Agreement);
    }

    private async Task<Explanation> ExplainAsync(Verdict observed, string stderr, PlatformExecution execution)
    {
        var binary = ElfFile.Read(harness.Assets.Fixture(KnownPlatforms.Arm64, "hello"));
        var image = await harness.Session.Fingerprints.GetAsync(Image, KnownPlatforms.Arm64, TestContext.Current.CancellationToken);
        var prediction = Predictor.Predict(binary, "/app/hello", image, KnownPlatforms.Arm64);
        Assert.True(prediction.Starts);
        return Explainer.Explain(
            new CellPrediction(prediction, binary, image, KnownPlatforms.Arm64, new BinaryCompatibility("hello", KnownPlatforms.Arm64, [])), execution, observed, stderr);
    }
}
