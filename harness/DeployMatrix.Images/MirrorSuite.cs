namespace DeployMatrix.Images;

/// <summary>
/// A Debian suite as the catalog names it (<c>trixie</c>), with other names of the same release on the mirror
/// (<c>stable</c>). A mirror, or a cache in front of it, can serve a suite's package lists out of step with its
/// Release file, which apt rightly refuses; the aliases are then tried in turn, and what they give is
/// accepted only if it is still the suite's release.
/// </summary>
/// <param name="Name">The suite.</param>
/// <param name="Aliases">Other names of the same release, tried in order when the suite's own name fails.</param>
internal sealed record MirrorSuite(string Name, IReadOnlyList<string> Aliases)
{
    internal static IReadOnlyList<string> CatalogKeys { get; } = ["suite", "mirror-aliases"];

    /// <summary>The entry's <c>suite</c> and <c>mirror-aliases</c>; null when it names no suite.</summary>
    internal static MirrorSuite? FromCatalog(CatalogNode entry)
    {
        var suite = entry.OptionalChild("suite")?.Text();
        var aliases = entry.OptionalChild("mirror-aliases");
        return (suite, aliases) switch
        {
            (null, null) => null,
            (null, _) => throw aliases.Error("mirror aliases name other names of a suite: give suite too"),
            _ => new MirrorSuite(suite, aliases?.TextItems() ?? []),
        };
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> with the suite's own name, then with each alias, until one succeeds, and
    /// returns that name; <paramref name="reset"/> runs after each failure, so the next name starts afresh.
    /// </summary>
    /// <param name="whenAllFail">Makes the error to throw from the first failure, when every name failed.</param>
    public async Task<string> FirstWorkingNameAsync(
        Func<string, Task> attempt,
        Func<Task> reset,
        Func<DeployMatrixException, DeployMatrixException> whenAllFail,
        CancellationToken cancellationToken)
    {
        DeployMatrixException? first = null;
        foreach (var name in Aliases.Prepend(Name))
        {
            try
            {
                await attempt(name).ConfigureAwait(false);
                return name;
            }
            catch (DeployMatrixException e) when (!cancellationToken.IsCancellationRequested)
            {
                first ??= e;
                await reset().ConfigureAwait(false);
            }
        }

        throw whenAllFail(first!);
    }
}
