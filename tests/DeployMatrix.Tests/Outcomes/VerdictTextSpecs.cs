using DeployMatrix.Elf;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>Each verdict reads as one line, as reports and snapshots show it.</summary>
public sealed class VerdictTextSpecs
{
    private static readonly (Verdict Verdict, string Text)[] Texts =
    [
        (new Verdict.Ran(0), "ran, exit 0"),
        (new Verdict.Ran(3), "ran, exit 3"),
        (new Verdict.MissingLibrary("libssl.so.3"), "missing library libssl.so.3"),
        (new Verdict.MissingLibrary("libfoo.so.1", "libbar.so.2"), "missing libraries libfoo.so.1, libbar.so.2"),
        (
            new Verdict.MissingSymbolVersion(new VersionNeed("libc.so.6", "GLIBC_2.34", "/app/hello")),
            "missing symbol version GLIBC_2.34 (in libc.so.6)"
        ),
        (
            new Verdict.MissingSymbolVersion(
                new VersionNeed("libstdc++.so.6", "GLIBCXX_3.4.30", "/app/x"), new VersionNeed("libc.so.6", "GLIBC_2.34", "/app/x")),
            "missing symbol versions GLIBCXX_3.4.30 (in libstdc++.so.6), GLIBC_2.34 (in libc.so.6)"
        ),
        (new Verdict.UndefinedSymbol("dm_foo", null, "/app/x"), "undefined symbol dm_foo"),
        (new Verdict.UndefinedSymbol("dm_foo", "STUB_1", "/app/x"), "undefined symbol dm_foo, version STUB_1"),
        (new Verdict.MuslRelocationError(new UnresolvedSymbol("dm_foo", "/app/x")), "musl relocation error: symbol dm_foo not found"),
        (
            new Verdict.MuslRelocationError(new UnresolvedSymbol("dm_bar", "/app/x"), new UnresolvedSymbol("dm_foo", "/app/x")),
            "musl relocation error: symbols dm_bar, dm_foo not found"
        ),
        (new Verdict.InterpreterMissing("/lib64/ld-linux-x86-64.so.2"), "interpreter missing /lib64/ld-linux-x86-64.so.2"),
        (new Verdict.WrongArchitecture("/app/x"), "wrong architecture: /app/x cannot be executed here"),
        (new Verdict.WrongArchitecture("libfoo.so.1", ElfClass.Elf32), "wrong architecture: libfoo.so.1 is 32-bit"),
        (new Verdict.KilledBySignal(Signal.SegmentationFault), "killed by signal 11 (SIGSEGV)"),
        (new Verdict.KilledBySignal(Signal.Kill, "out of memory"), "killed by signal 9 (SIGKILL), out of memory"),
        (new Verdict.TimedOut(TimeSpan.FromSeconds(30)), "timed out after 30 s"),
        (new Verdict.TimedOut(TimeSpan.FromMilliseconds(1500)), "timed out after 1.5 s"),
    ];

    [Fact]
    public void Each_verdict_has_a_one_line_text() =>
        Assert.All(Texts, row => Assert.Equal(row.Text, row.Verdict.Text));

    [Fact]
    public void A_verdict_prints_as_its_text()
    {
        Assert.Equal("missing library libssl.so.3", new Verdict.MissingLibrary("libssl.so.3").ToString());
    }

    [Fact]
    public void Verdicts_holding_lists_are_equal_when_their_items_are()
    {
        Assert.Equal(new Verdict.MissingLibrary("libfoo.so.1", "libbar.so.2"), new Verdict.MissingLibrary(["libfoo.so.1", "libbar.so.2"]));
    }
}
