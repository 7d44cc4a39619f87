namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>
    /// The kernel could not open the ELF interpreter (the loader named in <c>PT_INTERP</c>): the image has another libc
    /// or none. Most texts blame the program instead, so the path usually comes from the binary, not the text.
    /// </summary>
    public sealed record InterpreterMissing(string Interpreter) : Verdict
    {
        public override string Text => $"interpreter missing {Interpreter}";

        public override bool ProgramStarted => false;
    }
}
