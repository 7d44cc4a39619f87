using DeployMatrix.Elf;

namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>The kernel refused the program, or the loader a library, as built for another machine or word size.</summary>
    /// <param name="File">The program's path, or the library's name as the loader reported it.</param>
    /// <param name="OfLibrary">The loader refused a library: the program itself did start.</param>
    /// <param name="FoundClass">The class the loader found in a library, when it said (<c>wrong ELF class</c>).</param>
    /// <param name="BuiltFor">What the file's ELF header says it is built for, when the verdict comes from it.</param>
    /// <param name="Platform">The platform of the cell, when the verdict comes from the ELF header.</param>
    public sealed record WrongArchitecture(
        string File, ElfClass? FoundClass = null, string? BuiltFor = null, string? Platform = null, bool OfLibrary = false) : Verdict
    {
        public override bool ProgramStarted => OfLibrary;

        public override string Text => BuiltFor is not null
            ? $"wrong architecture: {File} is built for {BuiltFor}, not {Platform}"
            : FoundClass switch
            {
                ElfClass.Elf32 => $"wrong architecture: {File} is 32-bit",
                ElfClass.Elf64 => $"wrong architecture: {File} is 64-bit",
                _ => $"wrong architecture: {File} cannot be executed here",
            };
    }
}
