namespace DeployMatrix.Distributions;

/// <summary>
/// One family's releases for one binary, oldest first: the oldest it starts on, the newest it does not and why, and
/// what the records of the family cannot tell.
/// </summary>
internal sealed record FamilyOutlook(string Name, IReadOnlyList<ReleaseOutlook> Releases)
{
    /// <summary>Reasons given for the newest release it does not start on; the rest are counted.</summary>
    private const int ReasonsShown = 3;

    /// <summary>The oldest release it starts on (given what is not recorded), or null.</summary>
    public ReleaseOutlook? OldestStarting => Releases.FirstOrDefault(r => r.Starts);

    /// <summary>The newest release it does not start on, or null.</summary>
    public ReleaseOutlook? NewestFailing => Releases.LastOrDefault(r => !r.Starts);

    /// <summary>
    /// What the records cannot tell for the releases it would start on: libraries not recorded, and the symbols of
    /// unrecorded musl versions, as one range.
    /// </summary>
    public IReadOnlyList<string> Unknown
    {
        get
        {
            var unknown = Releases.Where(r => r.Starts).SelectMany(r => r.Unknown).Distinct().ToList();
            var musl = unknown.Where(u => u.StartsWith(ReleaseOutlook.MuslSymbolsOf, StringComparison.Ordinal)).ToList();
            return musl.Count <= 1
                ? unknown
                : [.. unknown.Except(musl), $"{musl[0]} to {musl[^1][ReleaseOutlook.MuslSymbolsOf.Length..]}"];
        }
    }

    /// <summary>
    /// <c>from 9 (glibc 2.34); not 8 (glibc 2.28): GLIBC_2.34 for __libc_start_main (it has up to GLIBC_2.28)</c>, with
    /// <c>; unknown: libpq.so.5 (not recorded)</c> when a record cannot tell.
    /// </summary>
    public string Summary
    {
        get
        {
            var unknown = Unknown.Count > 0 ? $"; not recorded: {string.Join(", ", Unknown)}" : "";
            return (OldestStarting, NewestFailing) switch
            {
                (null, { } only) when Releases.Count == 1 => $"not the one recorded, {Label(only)}: {Reasons(only)}",
                ({ } only, null) when Releases.Count == 1 => $"the one recorded, {Label(only)}{unknown}",
                (null, { } newest) => $"none of {Releases.Count} recorded, {Label(Releases[0])} to {Label(Releases[^1])}: {Reasons(newest)}",
                ({ } oldest, null) => $"all {Releases.Count} recorded, from {Label(oldest)}{unknown}",
                ({ } oldest, { } newest) => $"from {Label(oldest)}; not {Label(newest)}: {Reasons(newest)}{unknown}",
                _ => "nothing recorded",
            };
        }
    }

    private static string Reasons(ReleaseOutlook outlook) =>
        string.Join("; ", outlook.Fails.Take(ReasonsShown)) + (outlook.Fails.Count > ReasonsShown ? $"; and {outlook.Fails.Count - ReasonsShown} more" : "");

    /// <summary>
    /// Releases oldest first: by C library version, then by name, so that a family of several distributions (RHEL's
    /// rebuilds) reads in one order.
    /// </summary>
    public static FamilyOutlook Of(string name, IReadOnlyList<ReleaseOutlook> releases) =>
        new(name, [.. releases.OrderBy(r => r.Release.LibcVersion).ThenBy(r => r.Release.Label, StringComparer.Ordinal)]);

    /// <summary>
    /// <c>9 (glibc 2.34)</c>; in a family of several distributions the release alone where it names itself
    /// (<c>stream9</c>) or where distributions that share their numbering agree on it (<c>8</c> for Rocky, Alma,
    /// Oracle and UBI 8), else with the distribution's name (<c>Anolis OS 23</c>).
    /// </summary>
    private string Label(ReleaseOutlook outlook)
    {
        var release = outlook.Release;
        var siblings = Releases.Where(r => r.Release.Release == release.Release).ToList();
        var alone = Releases.Select(r => r.Release.Name).Distinct().Count() == 1
                    || release.Release.Any(char.IsAsciiLetter)
                    || (DistributionFamilies.SharesNumbering(Name) && siblings.All(s => s.Starts == outlook.Starts));
        return $"{(alone ? release.Release : release.Label)} ({release.Libc})";
    }
}
