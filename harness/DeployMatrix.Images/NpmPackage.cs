using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DeployMatrix.Images;

/// <summary>
/// One version of a package of the npm registry, pinned by its integrity (<c>sha512-</c> and the base64 digest, as
/// package-lock.json records it). npm fetches it, so the registry, proxy and credentials of this machine's npm
/// configuration apply, and npm's cache serves it the second time.
/// </summary>
internal sealed partial record NpmPackage(string Name, string Version, string Integrity)
{
    /// <summary>The only digest npm's integrity strings are pinned with here.</summary>
    public const string IntegrityPrefix = "sha512-";

    /// <summary><c>@scope/name@1.0.0</c>: what <c>npm pack</c> takes.</summary>
    public string Spec => $"{Name}@{Version}";

    /// <summary>Reads <c>@scope/name@version</c>; null when it is not one (a range or a tag is not a pin).</summary>
    public static NpmPackage? TryParse(string spec, string integrity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var match = PinnedSpec().Match(spec);
        return match.Success ? new NpmPackage(match.Groups["name"].Value, match.Groups["version"].Value, integrity) : null;
    }

    /// <summary>Fetches the package's tarball into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="DeployMatrixException">npm failed, or the tarball is not the one pinned.</exception>
    public async Task<string> FetchAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        HostTool.Npm.Require();
        try
        {
            await new HostCommand("npm", ["pack", "--loglevel=error", "--pack-destination", directory, Spec])
            {
                WorkingDirectory = directory,
            }.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DeployMatrixException e)
        {
            throw new DeployMatrixException(
                $"{e.Message}{Environment.NewLine}npm could not fetch {Spec} from the registry its configuration names " +
                "(npm config get registry).",
                e);
        }

        var tarball = Directory.GetFiles(directory, "*.tgz").SingleOrDefault()
                      ?? throw new DeployMatrixException($"npm pack {Spec} left no single .tgz in {directory}");
        await using var stream = File.OpenRead(tarball);
        var found = IntegrityPrefix + Convert.ToBase64String(await SHA512.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        return found == Integrity
            ? tarball
            : throw new DeployMatrixException(
                $"{Spec} from the npm registry has integrity {found}, not the {Integrity} pinned: the registry serves " +
                "other contents under this version. Check the package before changing the pin.");
    }

    public override string ToString() => Spec;

    // A scope, a name and an exact version: npm's rules, without ranges.
    [GeneratedRegex(@"^(?<name>(?:@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*)@(?<version>\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$")]
    private static partial Regex PinnedSpec();
}
