using System.Text.RegularExpressions;

namespace DeployMatrix.Engine;

/// <summary>The parts of an image reference as Docker's API takes them apart: repository and tag.</summary>
internal static partial class ImageReference
{
    /// <summary>
    /// Why <paramref name="reference"/> is not one Docker would take (its reference grammar:
    /// <c>[registry[:port]/]path[:tag][@sha256:digest]</c>, the path in lower case); null when it is.
    /// </summary>
    public static string? Problem(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.FirstOrDefault(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}') is var bad and not '\0')
        {
            return bad is '{' or '}' ? "it holds a placeholder other than {arch}" : $"it holds {(bad == ' ' ? "a space" : $"U+{(int)bad:X4}")}";
        }

        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 && !Digest().IsMatch(reference[(at + 1)..]))
        {
            return "a digest is sha256: and 64 hex digits";
        }

        var name = at >= 0 ? reference[..at] : reference;
        var (repository, tag) = Split(name);
        if (name.Length > repository.Length && !Tag().IsMatch(tag))
        {
            return $"'{tag}' is not a tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')";
        }

        var parts = repository.Split('/');
        var path = parts.Length > 1 && Registry().IsMatch(parts[0]) && NamesHost(parts[0]) ? parts[1..] : parts;
        return path.All(PathComponent().IsMatch)
            ? null
            : repository.Any(char.IsAsciiLetterUpper) ? "a repository name is lower case" : $"'{repository}' is not a repository name";
    }

    /// <summary>
    /// <c>debian:12</c> is (<c>debian</c>, <c>12</c>); with no tag the tag is <c>latest</c>. A colon before the last
    /// '/' is a registry's port, not a tag: <c>registry:5000/app</c> is (<c>registry:5000/app</c>, <c>latest</c>).
    /// </summary>
    public static (string Repository, string Tag) Split(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);

        // A pinned reference: the engine takes the digest where the tag goes (as the docker CLI sends it).
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (Split(reference[..at]).Repository, reference[(at + 1)..]);
        }

        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }

    /// <summary>
    /// The registry a reference is pulled from: its first part when that names a host (a '.', a port or
    /// <c>localhost</c>), else Docker Hub.
    /// </summary>
    public static string RegistryOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var parts = Split(reference).Repository.Split('/');
        return parts.Length > 1 && NamesHost(parts[0]) ? parts[0] : "docker.io";
    }

    private static bool NamesHost(string part) => part.Contains('.') || part.Contains(':') || part == "localhost";

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Digest();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^[A-Za-z0-9.-]+(:[0-9]+)?$|^\[[0-9a-fA-F:]+\](:[0-9]+)?$")]
    private static partial Regex Registry();

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponent();
}
