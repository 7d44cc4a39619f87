namespace DeployMatrix.Outcomes;

public abstract partial record Verdict
{
    /// <summary>A library is there but older than the binary: it lacks these symbol versions (glibc prints one line each).</summary>
    public sealed record MissingSymbolVersion(ValueList<VersionNeed> Needs) : Verdict
    {
        public MissingSymbolVersion(params IEnumerable<VersionNeed> needs)
            : this(new ValueList<VersionNeed>(needs))
        {
        }

        public override string Text => Needs.Count == 1
            ? $"missing symbol version {Needs[0]}"
            : $"missing symbol versions {string.Join(", ", Needs)}";

        internal override Verdict Combine(Verdict later) =>
            later is MissingSymbolVersion other ? new MissingSymbolVersion(Needs.Concat(other.Needs).Distinct()) : this;
    }
}
