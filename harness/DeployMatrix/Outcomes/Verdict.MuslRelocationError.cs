namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>musl's loader resolves every symbol at start and lists each one no loaded library defines.</summary>
    public sealed record MuslRelocationError(ValueList<UnresolvedSymbol> Symbols) : Verdict
    {
        public MuslRelocationError(params IEnumerable<UnresolvedSymbol> symbols)
            : this(new ValueList<UnresolvedSymbol>(symbols))
        {
        }

        public override string Text => Symbols.Count == 1
            ? $"musl relocation error: symbol {Symbols[0].Symbol} not found"
            : $"musl relocation error: symbols {string.Join(", ", Symbols.Select(s => s.Symbol))} not found";

        internal override Verdict Combine(Verdict later) =>
            later is MuslRelocationError other ? new MuslRelocationError(Symbols.Concat(other.Symbols).Distinct()) : this;
    }
}
