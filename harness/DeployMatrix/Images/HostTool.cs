namespace DeployMatrix.Images;

/// <summary>A program building images needs on the host, with the Debian package that provides it.</summary>
internal sealed record HostTool(string Command, string DebianPackage)
{
    public static readonly HostTool Tar = new("tar", "tar");
    public static readonly HostTool DpkgDeb = new("dpkg-deb", "dpkg");
    public static readonly HostTool AptGet = new("apt-get", "apt");
    public static readonly HostTool Debootstrap = new("debootstrap", "debootstrap");

    /// <summary>Fails with the install command unless the program is on the PATH.</summary>
    public void Require()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (!directories.Any(directory => File.Exists(Path.Combine(directory, Command))))
        {
            throw new DeployMatrixException($"{Command} not found: apt-get install {DebianPackage}");
        }
    }
}
