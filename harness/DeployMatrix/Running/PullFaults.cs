using System.Text.RegularExpressions;

namespace DeployMatrix.Running;

/// <summary>
/// What a failed pull means, from the engine's words (docker 20.10 and the CNCF distribution registry): each rule
/// says in the user's terms what is wrong and what to do. The engine's own message follows in parentheses.
/// </summary>
internal static class PullFaults
{
    /// <param name="Pattern">Found anywhere in the engine's message.</param>
    /// <param name="Explain">The explanation, given the reference, the platform's name, the registry and the credentials.</param>
    internal sealed record Rule(string Pattern, Func<PullFailure, string> Explain);

    /// <summary>A pull that failed: of what, for which platform, from where, and the engine's message.</summary>
    internal sealed record PullFailure(string Reference, string Platform, string Registry, string CredentialsFile, bool CredentialHelpers, string Message);

    public static IReadOnlyList<Rule> Rules { get; } =
    [
        new("connection refused|no such host|i/o timeout|network is unreachable|no route to host|server misbehaving",
            f => $"{f.Reference}: the registry {f.Registry} does not answer; start it, or set pull: never to run on the copies already here"),
        new(@"no matching manifest for \S+",
            f => $"{f.Reference} has no image for {f.Platform}: its index lists other platforms only; drop {f.Platform} from the target's platforms, or push that platform's image"),
        new("manifest unknown|not found: manifest|repository name not known|name unknown",
            f => $"{f.Reference}: {f.Registry} has no such tag or repository; check the name and tag (for a pinned digest, that it is still pushed)"),
        new("unauthorized|authentication required|no basic auth credentials|denied",
            f => $"{f.Reference}: {f.Registry} asks for credentials, and {(f.CredentialHelpers ? "the credential helpers named in " : "")}{f.CredentialsFile} " +
                 $"{(f.CredentialHelpers ? "are not run by the harness" : "has none it accepts")}; run `docker login {f.Registry}` (the harness reads the auths it writes there)"),
    ];

    /// <summary>The first rule's explanation of a failure with the engine's words after it, or the engine's words alone.</summary>
    public static string Explain(PullFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var rule = Rules.FirstOrDefault(r => Regex.IsMatch(failure.Message, r.Pattern, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)));
        return rule is null
            ? $"{failure.Reference} for {failure.Platform} could not be pulled ({failure.Message})"
            : $"{rule.Explain(failure)} (the engine said: {failure.Message})";
    }
}
