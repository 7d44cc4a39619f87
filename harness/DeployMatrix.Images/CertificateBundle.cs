using System.Text;

namespace DeployMatrix.Images;

/// <summary>
/// The file TLS clients read trusted authorities from, <c>/etc/ssl/certs/ca-certificates.crt</c>, made from the
/// certificates Debian's <c>ca-certificates</c> ships under <c>/usr/share/ca-certificates</c>. Its maintainer script
/// would make it (through update-ca-certificates, which needs a shell and openssl), and distroless makes it outside
/// the image the same way: every certificate in the order of the list the script writes (paths sorted bytewise),
/// each ending in a newline. The hashed links update-ca-certificates adds beside it are made by neither.
/// </summary>
internal static class CertificateBundle
{
    public const string Package = "ca-certificates";

    public const string BundlePath = "etc/ssl/certs/ca-certificates.crt";

    private const string CertificatesDirectory = "usr/share/ca-certificates";

    public static async Task WriteAsync(string rootfs, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(rootfs, CertificatesDirectory);
        var certificates = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.crt", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(directory, file))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (certificates.Count == 0)
        {
            throw new DeployMatrixException(
                $"{Package} put no certificate (*.crt) under /{CertificatesDirectory}: there is nothing to make /{BundlePath} of");
        }

        // PEM is ASCII: read and written as text, the bytes stay as they are.
        var bundle = new StringBuilder();
        foreach (var certificate in certificates)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(directory, certificate), cancellationToken).ConfigureAwait(false);
            bundle.Append(text);
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                bundle.Append('\n');
            }
        }

        RootfsTree.WriteFile(rootfs, BundlePath, bundle.ToString());
    }
}
