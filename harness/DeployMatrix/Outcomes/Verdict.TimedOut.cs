using System.Globalization;

namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>The program was still running at the deadline and was killed; whatever it printed is not a verdict.</summary>
    public sealed record TimedOut(TimeSpan Timeout) : Verdict
    {
        public override string Text =>
            string.Create(CultureInfo.InvariantCulture, $"timed out after {Timeout.TotalSeconds:0.###} s");
    }
}
