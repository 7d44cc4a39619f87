namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>A library is there but older than the binary: it lacks these symbol versions (glibc prints one line each).</summary>
    public sealed record MissingSymbolVersion(ValueList<VersionNeed> Needs) : Verdict
    {
        public MissingSymbolVersion(params IEnumerable<VersionNeed> needs)
            : this(new ValueList<VersionNeed>(needs))
        {
        }

        // Once per library and version: the binary and the libraries shipped with it can need the same one.
        public override string Text => Needs.Select(need => need.ToString()).Distinct().ToList() is [var one]
            ? $"missing symbol version {one}"
            : $"missing symbol versions {string.Join(", ", Needs.Select(need => need.ToString()).Distinct())}";

        internal override Verdict Combine(Verdict later) =>
            later is MissingSymbolVersion other ? new MissingSymbolVersion(Needs.Concat(other.Needs).Distinct()) : this;
    }
}
