namespace DeployMatrix.Images;

/// <summary>
/// Where one platform's sysroot is: an npm package holding an archive (<c>package/ARCHIVE</c>, a <c>.tar.xz</c>)
/// whose directory <see cref="Path"/> is the sysroot.
/// </summary>
internal sealed record SysrootSource(NpmPackage Package, string Archive, string Path)
{
    internal static SysrootSource FromCatalog(CatalogNode node)
    {
        node.AllowOnlyKeys(["npm", "integrity", "archive", "path"]);
        var npm = node.Child("npm");
        var integrity = node.Child("integrity");
        if (!integrity.Text().StartsWith(NpmPackage.IntegrityPrefix, StringComparison.Ordinal))
        {
            throw integrity.Error($"'{integrity.Text()}' is not an npm integrity ({NpmPackage.IntegrityPrefix}BASE64, as package-lock.json records it)");
        }

        var package = NpmPackage.TryParse(npm.Text(), integrity.Text())
                      ?? throw npm.Error($"'{npm.Text()}' is not a pinned npm package: give NAME@VERSION, such as @napi-rs/cross-toolchain-x64-target-x86_64@1.0.0");
        return new SysrootSource(package, RelativePath(node.Child("archive")), RelativePath(node.Child("path")));
    }

    /// <summary>Fetches the package and unpacks the sysroot under <paramref name="scratch"/>; returns its directory.</summary>
    public async Task<string> UnpackAsync(string scratch, CancellationToken cancellationToken)
    {
        var npm = System.IO.Path.Combine(scratch, "npm");
        var tarball = await Package.FetchAsync(npm, cancellationToken).ConfigureAwait(false);
        var member = $"package/{Archive}";
        await ExtractAsync(["-xzf", tarball, "-C", npm, member], $"{Package} has no {member}", cancellationToken).ConfigureAwait(false);

        var tree = System.IO.Path.Combine(scratch, "sysroot");
        Directory.CreateDirectory(tree);

        // Unanchored: archives name their members ./x86_64-unknown-linux-gnu/... or x86_64-unknown-linux-gnu/...
        await ExtractAsync(
                ["-xJf", System.IO.Path.Combine(npm, member), "-C", tree, "--no-anchored", Path],
                $"{member} of {Package} has no {Path}",
                cancellationToken)
            .ConfigureAwait(false);
        return System.IO.Path.Combine(tree, Path);
    }

    public override string ToString() => $"{Package} ({Package.Integrity}) {Archive}:{Path}";

    /// <param name="lacking">What the catalog has wrong when tar finds nothing to extract.</param>
    private static async Task ExtractAsync(IReadOnlyList<string> arguments, string lacking, CancellationToken cancellationToken)
    {
        try
        {
            await new HostCommand("tar", arguments).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DeployMatrixException e) when (e.Message.Contains("Not found in archive", StringComparison.Ordinal))
        {
            throw new DeployMatrixException($"{lacking}: correct archive or path of the sysroot in the catalog{Environment.NewLine}{e.Message}", e);
        }
    }

    private static string RelativePath(CatalogNode node)
    {
        var path = node.Text().Trim('/');
        return path.Split('/').Any(part => part is ".." or "." or "")
            ? throw node.Error($"'{node.Text()}' must be a plain relative path inside the package")
            : path;
    }
}
