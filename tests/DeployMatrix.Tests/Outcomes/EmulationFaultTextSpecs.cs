using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>
/// The lines that show an emulator failing a program, as seen here: esbuild's i386 build from npm (Go) under
/// qemu-i386 printed a different one of these on each of six runs, and a crashing program under qemu-user gets
/// qemu's own line. A program's ordinary complaints are none of them.
/// </summary>
public sealed class EmulationFaultTextSpecs
{
    [Theory]
    [InlineData("fatal: morestack on gsignal")]
    [InlineData("fatal error: morestack on g0")]
    [InlineData("fatal: bad g in signal handler")]
    [InlineData("SIGSEGV: segmentation violation")]
    [InlineData("qemu: uncaught target signal 11 (Segmentation fault) - core dumped")]
    [InlineData("qemu: uncaught target signal 5 (Trace/breakpoint trap) - core dumped")]
    public void A_line_of_a_failing_emulator_is_found_among_the_programs_output(string line)
    {
        var stderr = $"runtime: something went wrong\n{line}\nPC=0x80db832 m=1 sigcode=1\n\ngoroutine 1 [running]:\n";

        Assert.Equal(line, EmulationFaultTexts.Find(stderr));
    }

    [Theory]
    [InlineData("usage: esbuild [options] [entry points]")]
    [InlineData("panic: runtime error: invalid memory address or nil pointer dereference")]
    [InlineData("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47f1a2]")]
    [InlineData("error: fatal: morestack on gsignal")]
    public void A_programs_own_failure_is_no_emulator_fault(string line) => Assert.Null(EmulationFaultTexts.Find(line + "\n"));
}
