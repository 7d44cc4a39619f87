namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>The program started and ended by itself, whatever its exit code: a failure of its own is still a run.</summary>
    public sealed record Ran(int ExitCode) : Verdict
    {
        public override string Text => $"ran, exit {ExitCode}";
    }
}
