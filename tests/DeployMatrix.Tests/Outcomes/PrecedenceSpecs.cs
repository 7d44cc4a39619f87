using DeployMatrix.Containers;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>
/// Timed out, then loader texts, then signals, then an ordinary run; and a loader text counts only with its printer's
/// shape and exit status. Built from captured texts with one fact of the run changed.
/// </summary>
public sealed class PrecedenceSpecs
{
    private const string Program = "/app/hello";
    private const string Interpreter = "/lib64/ld-linux-x86-64.so.2";

    private static readonly string MissingLibraryText = CapturedCases.ReadText("glibc-missing-library.stderr");

    private static Verdict Classify(RunEvidence evidence) => OutcomeClassifier.Default.Classify(evidence);

    private static RunEvidence Run(int exitCode, string stderr = "", string program = Program) =>
        new(new ContainerResult { ExitCode = exitCode, Stderr = stderr }, program, Interpreter, TimeSpan.FromSeconds(30));

    [Fact]
    public void A_timeout_wins_over_loader_texts_signals_and_out_of_memory()
    {
        var evidence = CapturedCases.Get("glibc-missing-library").Evidence(TimeSpan.FromSeconds(5));
        evidence = evidence with { Result = evidence.Result with { TimedOut = true, OutOfMemory = true, ExitCode = 137 } };

        Assert.Equal(new Verdict.TimedOut(TimeSpan.FromSeconds(5)), Classify(evidence));
    }

    [Fact]
    public void A_loader_text_wins_over_the_out_of_memory_flag()
    {
        var evidence = CapturedCases.Get("glibc-missing-library").Evidence();
        evidence = evidence with { Result = evidence.Result with { OutOfMemory = true } };

        Assert.IsType<Verdict.MissingLibrary>(Classify(evidence));
    }

    [Fact]
    public void Out_of_memory_wins_over_the_exit_status()
    {
        var evidence = Run(1) with { Result = new ContainerResult { ExitCode = 1, OutOfMemory = true } };

        Assert.Equal(new Verdict.KilledBySignal(Signal.Kill, "out of memory"), Classify(evidence));
    }

    [Fact]
    public void Exit_139_with_no_text_is_SIGSEGV()
    {
        Assert.Equal(new Verdict.KilledBySignal(Signal.SegmentationFault), Classify(Run(139)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(255)]
    public void An_exit_code_loaders_use_is_still_a_run_without_a_loader_text(int exitCode)
    {
        Assert.Equal(new Verdict.Ran(exitCode), Classify(Run(exitCode, "error: something of the program's own\n")));
    }

    [Fact]
    public void A_programs_own_not_found_on_stderr_with_exit_0_is_a_run()
    {
        Assert.Equal(new Verdict.Ran(0), Classify(Run(0, $"sh: 1: {Program}: not found\nlibfoo.so.1: not found\n")));
    }

    [Fact]
    public void A_loader_text_with_an_exit_code_its_printer_never_uses_is_the_programs_own_output()
    {
        Assert.Equal(new Verdict.Ran(3), Classify(Run(3, MissingLibraryText.Replace("/app/needs-libssl", Program, StringComparison.Ordinal))));
    }

    [Fact]
    public void A_loader_text_about_another_program_is_not_the_loaders_verdict_on_this_one()
    {
        Assert.Equal(new Verdict.Ran(127), Classify(Run(127, MissingLibraryText, program: "/app/other")));
    }

    [Fact]
    public void A_loader_text_must_fill_the_whole_line()
    {
        Assert.Equal(new Verdict.Ran(127), Classify(Run(127, "warning: " + MissingLibraryText, program: "/app/needs-libssl")));
    }

    [Fact]
    public void A_loader_text_counts_after_the_programs_own_output()
    {
        var stderr = "starting\n" + CapturedCases.ReadText("glibc-undefined-symbol.stderr");

        Assert.IsType<Verdict.UndefinedSymbol>(Classify(Run(127, stderr, program: "/app/uses-foo")));
    }

    [Fact]
    public void A_musl_missing_library_wins_over_the_relocation_errors_it_causes()
    {
        Assert.IsType<Verdict.MissingLibrary>(OutcomeClassifier.Default.Classify(CapturedCases.Get("musl-missing-libraries").Evidence()));
    }

    [Fact]
    public void Exit_255_without_qemus_text_is_a_run()
    {
        Assert.Equal(new Verdict.Ran(255), Classify(Run(255)));
    }
}
