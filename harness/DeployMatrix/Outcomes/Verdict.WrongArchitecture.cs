using DeployMatrix.Elf;

namespace DeployMatrix.Outcomes;

public abstract partial record Verdict
{
    /// <summary>The kernel refused the program, or the loader a library, as built for another machine or word size.</summary>
    /// <param name="File">The program's path, or the library's name as the loader reported it.</param>
    /// <param name="FoundClass">The class the loader found in a library, when it said (<c>wrong ELF class</c>).</param>
    public sealed record WrongArchitecture(string File, ElfClass? FoundClass = null) : Verdict
    {
        public override string Text => FoundClass switch
        {
            ElfClass.Elf32 => $"wrong architecture: {File} is 32-bit",
            ElfClass.Elf64 => $"wrong architecture: {File} is 64-bit",
            _ => $"wrong architecture: {File} cannot be executed here",
        };
    }
}
