namespace DeployMatrix.Images;

/// <summary>The package database of a Debian root file system (<c>var/lib/dpkg/status</c>).</summary>
internal static class DpkgStatus
{
    /// <summary>The version of an installed package: <c>2.36-9+deb12u10</c>.</summary>
    public static string InstalledVersion(string rootfs, string package)
    {
        var statusFile = Path.Combine(rootfs, "var/lib/dpkg/status");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(statusFile).Append(string.Empty))
        {
            if (line.Length == 0)
            {
                if (fields.GetValueOrDefault("Package") == package
                    && fields.GetValueOrDefault("Status", string.Empty).EndsWith(" installed", StringComparison.Ordinal)
                    && fields.TryGetValue("Version", out var version))
                {
                    return version;
                }

                fields.Clear();
            }
            else if (!char.IsWhiteSpace(line[0]) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }

        throw new DeployMatrixException($"package {package} is not installed according to {statusFile}");
    }
}
