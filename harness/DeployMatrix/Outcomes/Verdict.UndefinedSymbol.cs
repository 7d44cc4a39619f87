namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>
    /// glibc's loader could not bind a symbol that no loaded library defines (at start with immediate binding, else
    /// at the first call, after the program may have printed).
    /// </summary>
    /// <param name="Symbol">The symbol's name.</param>
    /// <param name="Version">The version the reference asked for, when it named one.</param>
    /// <param name="ReferencedBy">The object holding the reference.</param>
    public sealed record UndefinedSymbol(string Symbol, string? Version, string ReferencedBy) : Verdict
    {
        public override string Text => Version is null
            ? $"undefined symbol {Symbol}"
            : $"undefined symbol {Symbol}, version {Version}";
    }
}
