using DeployMatrix.Elf;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>Texts captured from real containers (see captured/README.md) classify into the verdicts they stand for.</summary>
public sealed class CapturedTextSpecs
{
    private static Verdict Classify(string name) => OutcomeClassifier.Default.Classify(CapturedCases.Get(name).Evidence());

    [Fact]
    public void Glibc_missing_version_names_the_version_and_the_library_by_its_file_name()
    {
        var verdict = Classify("glibc-missing-version");

        Assert.Equal(new Verdict.MissingSymbolVersion(new VersionNeed("libc.so.6", "GLIBC_2.34", "/app/hello")), verdict);
    }

    [Fact]
    public void Glibc_missing_version_lists_every_missing_version_in_the_order_printed()
    {
        var verdict = Assert.IsType<Verdict.MissingSymbolVersion>(Classify("glibc-missing-versions-cxx"));

        Assert.Equal(
            [("libstdc++.so.6", "GLIBCXX_3.4.30"), ("libstdc++.so.6", "GLIBCXX_3.4.29"), ("libc.so.6", "GLIBC_2.34")],
            verdict.Needs.Select(n => (n.Library, n.Version)));
    }

    [Fact]
    public void Glibc_missing_version_keeps_version_names_that_are_not_numbers()
    {
        var verdict = Assert.IsType<Verdict.MissingSymbolVersion>(Classify("glibc-missing-versions-relr"));

        Assert.Equal(["GLIBC_ABI_DT_RELR", "GLIBC_2.34"], verdict.Needs.Select(n => n.Version));
    }

    [Fact]
    public void Glibc_missing_version_of_a_library_other_than_glibc_names_that_library()
    {
        var verdict = Classify("glibc-missing-version-custom");

        Assert.Equal(new Verdict.MissingSymbolVersion(new VersionNeed("libfoo.so.1", "STUB_1", "/app/uses-foo")), verdict);
    }

    [Fact]
    public void Glibc_missing_library_names_the_soname()
    {
        Assert.Equal(new Verdict.MissingLibrary("libssl.so.3"), Classify("glibc-missing-library"));
    }

    [Fact]
    public void Glibc_undefined_symbol_names_the_symbol_and_the_object_referring_to_it()
    {
        Assert.Equal(new Verdict.UndefinedSymbol("dm_foo", null, "/app/uses-foo"), Classify("glibc-undefined-symbol"));
    }

    [Fact]
    public void Glibc_undefined_symbol_keeps_the_version_the_reference_asked_for()
    {
        Assert.Equal(new Verdict.UndefinedSymbol("dm_foo", "STUB_1", "/app/uses-foo"), Classify("glibc-undefined-symbol-version"));
    }

    [Fact]
    public void Glibc_library_of_the_wrong_class_is_the_wrong_architecture_of_that_library()
    {
        Assert.Equal(new Verdict.WrongArchitecture("libfoo.so.1", ElfClass.Elf32, OfLibrary: true), Classify("glibc-wrong-elf-class"));
    }

    [Fact]
    public void Musl_missing_libraries_lists_every_library_in_the_order_printed()
    {
        Assert.Equal(new Verdict.MissingLibrary("libfoo.so.1", "libbar.so.2"), Classify("musl-missing-libraries"));
    }

    [Fact]
    public void Musl_relocation_error_names_the_symbol_and_the_object_being_relocated()
    {
        Assert.Equal(
            new Verdict.MuslRelocationError(new UnresolvedSymbol("dm_foo", "/app/uses-foo")), Classify("musl-relocation-error"));
    }

    [Fact]
    public void Musl_library_of_another_architecture_is_the_wrong_architecture_of_that_library()
    {
        Assert.Equal(new Verdict.WrongArchitecture("libfoo.so.1", OfLibrary: true), Classify("musl-library-wrong-architecture"));
    }

    [Theory]
    [InlineData("runc-interpreter-missing-musl")]
    [InlineData("runc-interpreter-missing-scratch")]
    [InlineData("bubblewrap-interpreter-missing")]
    [InlineData("linux32-interpreter-missing")]
    [InlineData("ash-interpreter-missing")]
    [InlineData("dash-interpreter-missing")]
    [InlineData("bash52-interpreter-missing")]
    [InlineData("bash51-interpreter-missing")]
    public void Interpreter_missing_names_the_binarys_interpreter_whoever_printed_it(string name)
    {
        var @case = CapturedCases.Get(name);

        Assert.Equal(new Verdict.InterpreterMissing(@case.Interpreter!), Classify(name));
    }

    [Fact]
    public void Interpreter_missing_under_qemu_takes_the_interpreter_from_qemus_text()
    {
        var evidence = CapturedCases.Get("qemu-interpreter-missing").Evidence() with { Interpreter = null };

        Assert.Equal(new Verdict.InterpreterMissing("/lib/ld-linux-aarch64.so.1"), OutcomeClassifier.Default.Classify(evidence));
    }

    [Fact]
    public void Runc_interpreter_missing_and_glibc_missing_version_both_exit_1_and_are_told_apart_by_text()
    {
        var runc = CapturedCases.Get("runc-interpreter-missing-scratch");
        var glibc = CapturedCases.Get("glibc-missing-version");

        Assert.Equal(
            (1, 1, typeof(Verdict.InterpreterMissing), typeof(Verdict.MissingSymbolVersion)),
            (runc.Exit, glibc.Exit, Classify(runc.Name).GetType(), Classify(glibc.Name).GetType()));
    }

    [Theory]
    [InlineData("runc-exec-format-error")]
    [InlineData("bash-exec-format-error")]
    public void Exec_format_error_is_the_wrong_architecture_of_the_program_whoever_printed_it(string name)
    {
        Assert.Equal(new Verdict.WrongArchitecture(CapturedCases.Get(name).Program), Classify(name));
    }

    [Fact]
    public void Segfault_with_exit_139_and_no_loader_text_is_SIGSEGV()
    {
        Assert.Equal(new Verdict.KilledBySignal(Signal.SegmentationFault), Classify("segfault"));
    }

    [Fact]
    public void Out_of_memory_kill_is_signal_9_with_a_note()
    {
        Assert.Equal(new Verdict.KilledBySignal(Signal.Kill, "out of memory"), Classify("out-of-memory"));
    }

    [Fact]
    public void A_programs_own_not_found_message_with_its_own_exit_code_is_a_run()
    {
        Assert.Equal(new Verdict.Ran(3), Classify("fails-with-stderr"));
    }

    [Fact]
    public void A_program_printing_loader_texts_itself_and_exiting_0_ran()
    {
        Assert.Equal(new Verdict.Ran(0), Classify("liar"));
    }

    [Fact]
    public void A_binary_the_engine_cannot_find_at_start_is_a_harness_error_not_a_verdict()
    {
        var evidence = CapturedCases.Get("runc-program-absent").Evidence();

        Assert.Throws<HarnessErrorException>(() => OutcomeClassifier.Default.Classify(evidence));
    }

    [Fact]
    public void Linux32_reporting_no_such_file_for_a_static_binary_is_a_harness_error()
    {
        // The launcher's execvp retries an ENOEXEC file with /bin/sh, which scratch lacks: ENOENT, not ENOEXEC.
        var evidence = CapturedCases.Get("linux32-exec-format-error").Evidence();

        Assert.Throws<HarnessErrorException>(() => OutcomeClassifier.Default.Classify(evidence));
    }
}
