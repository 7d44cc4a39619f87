using DeployMatrix.Elf;
using DeployMatrix.Containers;

namespace DeployMatrix.Outcomes;

/// <summary>Everything a verdict is decided from: what the run yielded, and what the run alone cannot say.</summary>
/// <param name="Result">What the container run yielded.</param>
/// <param name="ProgramPath">
/// The binary's path in the container, as it was executed. Loader texts start with it, which tells them apart from a
/// program's own output.
/// </param>
/// <param name="Interpreter">
/// The binary's ELF interpreter (<c>PT_INTERP</c>), or null for a static binary. Needed because runc and the shells
/// blame the program when the kernel cannot open its interpreter.
/// </param>
/// <param name="Timeout">The timeout the run was given.</param>
internal sealed record RunEvidence(ContainerResult Result, string ProgramPath, string? Interpreter, TimeSpan Timeout)
{
    public static RunEvidence Of(ContainerResult result, string programPath, ElfFile binary, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return new RunEvidence(result, programPath, binary.Interpreter, timeout);
    }
}
