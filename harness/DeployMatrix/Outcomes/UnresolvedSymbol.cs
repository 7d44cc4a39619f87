namespace DeployMatrix.Outcomes;

/// <summary>A symbol an object refers to that no loaded library defines.</summary>
/// <param name="Symbol">The symbol's name.</param>
/// <param name="ReferencedBy">The object being relocated: the program or one of its libraries.</param>
internal sealed record UnresolvedSymbol(string Symbol, string ReferencedBy);
