namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>
    /// The loader found no file for these sonames, in the order it reported them. glibc stops at the first; musl
    /// reports every one.
    /// </summary>
    public sealed record MissingLibrary(ValueList<string> Sonames) : Verdict
    {
        public MissingLibrary(params IEnumerable<string> sonames)
            : this(new ValueList<string>(sonames))
        {
        }

        public override string Text => Sonames.Count == 1
            ? $"missing library {Sonames[0]}"
            : $"missing libraries {string.Join(", ", Sonames)}";

        internal override Verdict Combine(Verdict later) =>
            later is MissingLibrary other ? new MissingLibrary(Sonames.Concat(other.Sonames).Distinct(StringComparer.Ordinal)) : this;
    }
}
