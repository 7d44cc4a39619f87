namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>The process ended by a signal rather than by exiting.</summary>
    /// <param name="Signal">Which signal.</param>
    /// <param name="Note">Why it came, when the engine knows it (<c>out of memory</c>).</param>
    public sealed record KilledBySignal(Signal Signal, string? Note = null) : Verdict
    {
        public override string Text => Note is null
            ? $"killed by signal {Signal}"
            : $"killed by signal {Signal}, {Note}";
    }
}
