namespace DeployMatrix.Matrix;

/// <summary>One way of running a binary: its arguments, environment, standard input and time limit.</summary>
/// <param name="Scrubbers">The matrix's scrubbers for its output (the matrix's, the binary's, then the case's own), applied after <see cref="Scrubber.BuiltIn"/>.</param>
internal sealed record RunCase(
    string Name,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string? Stdin,
    TimeSpan Timeout,
    IReadOnlyList<Scrubber> Scrubbers)
{
    public const string DefaultName = "default";

    /// <summary>
    /// The directories of the case's <c>LD_LIBRARY_PATH</c>, where the loader looks for libraries too; empty entries
    /// (which would mean the working directory) are left out.
    /// </summary>
    public IReadOnlyList<string> LibraryPath =>
        Environment.TryGetValue("LD_LIBRARY_PATH", out var path) ? path.Split(':', StringSplitOptions.RemoveEmptyEntries) : [];

    /// <summary>Every scrubber of the case's output, in the order they apply: the built-in ones first.</summary>
    public IReadOnlyList<Scrubber> AllScrubbers => [.. Scrubber.BuiltIn, .. Scrubbers];

    /// <summary>The case of a binary that lists none: no arguments, environment or input.</summary>
    public static RunCase Default(TimeSpan timeout, IReadOnlyList<Scrubber>? scrubbers = null) =>
        new(DefaultName, [], new Dictionary<string, string>(), null, timeout, scrubbers ?? []);
}
