namespace DeployMatrix.Images;

/// <summary>A downloaded <c>.deb</c>, with the name and version its control file gives.</summary>
internal sealed record DebianPackageFile(string Path, string Package, string Version)
{
    public static async Task<DebianPackageFile> ReadAsync(string deb, CancellationToken cancellationToken)
    {
        var fields = (await new HostCommand("dpkg-deb", ["--field", deb, "Package", "Version"])
                .RunAsync(cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
        return new DebianPackageFile(deb, fields["Package"], fields["Version"]);
    }

    /// <summary>Unpacks the files of the package into <paramref name="rootfs"/>.</summary>
    public Task ExtractAsync(string rootfs, CancellationToken cancellationToken) =>
        new HostCommand("dpkg-deb", ["--extract", Path, rootfs]).RunAsync(cancellationToken);
}
