namespace DeployMatrix;

/// <summary>A program the harness needs on the host, with the Debian package that provides it.</summary>
internal sealed record HostTool(string Command, string DebianPackage)
{
    public static readonly HostTool Tar = new("tar", "tar");
    public static readonly HostTool DpkgDeb = new("dpkg-deb", "dpkg");
    public static readonly HostTool DpkgSplit = new("dpkg-split", "dpkg");
    public static readonly HostTool Rm = new("rm", "coreutils");
    public static readonly HostTool Ldd = new("ldd", "libc-bin");
    public static readonly HostTool Patchelf = new("patchelf", "patchelf");
    public static readonly HostTool AptGet = new("apt-get", "apt");
    public static readonly HostTool Mmdebstrap = new("mmdebstrap", "mmdebstrap");
    public static readonly HostTool Runc = new("runc", "runc");
    public static readonly HostTool Bubblewrap = new("bwrap", "bubblewrap");
    public static readonly HostTool Npm = new("npm", "npm");
    public static readonly HostTool Xz = new("xz", "xz-utils");

    /// <summary>Where the program is on the PATH, or null.</summary>
    public string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Command))
            .FirstOrDefault(File.Exists);

    /// <summary>Fails with the install command unless the program is on the PATH.</summary>
    public string Require() => Find() ?? throw new DeployMatrixException($"{Command} not found: apt-get install {DebianPackage}");
}
