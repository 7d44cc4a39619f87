using DeployMatrix.Images;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// The certificate bundle is made as update-ca-certificates makes it from a fresh ca-certificates: every certificate
/// under <c>/usr/share/ca-certificates</c>, in the bytewise order of their paths (the order of the list the
/// package's script writes), each ending in a newline.
/// </summary>
public sealed class CertificateBundleSpecs : IDisposable
{
    private readonly DirectoryInfo _rootfs = Directory.CreateTempSubdirectory("deploymatrix-certificates-");

    public void Dispose() => _rootfs.Delete(recursive: true);

    [Fact]
    public async Task The_bundle_is_every_certificate_in_bytewise_order_of_its_path_each_ending_in_a_newline()
    {
        Certificate("mozilla/b.crt", "B\n");
        Certificate("mozilla/A_x.crt", "AX");
        Certificate("mozilla/AB.crt", "AB\n");
        Certificate("local/z.crt", "Z\n");
        Certificate("mozilla/README", "not a certificate\n");

        await CertificateBundle.WriteAsync(_rootfs.FullName, TestContext.Current.CancellationToken);

        Assert.Equal("Z\nAB\nAX\nB\n", File.ReadAllText(Path.Combine(_rootfs.FullName, "etc/ssl/certs/ca-certificates.crt")));
    }

    [Fact]
    public async Task Without_certificates_there_is_no_bundle_and_the_build_says_why()
    {
        var error = await Assert.ThrowsAsync<DeployMatrixException>(() => CertificateBundle.WriteAsync(_rootfs.FullName, TestContext.Current.CancellationToken));

        Assert.Equal(
            "ca-certificates put no certificate (*.crt) under /usr/share/ca-certificates: there is nothing to make /etc/ssl/certs/ca-certificates.crt of",
            error.Message);
    }

    private void Certificate(string path, string content)
    {
        var file = Path.Combine(_rootfs.FullName, "usr/share/ca-certificates", path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }
}
