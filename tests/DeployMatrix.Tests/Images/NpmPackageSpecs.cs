using DeployMatrix.Images;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// An npm package a recipe takes is pinned by its integrity: npm fetches it (through this machine's npm
/// configuration), and a tarball whose sha512 is not the pinned one is refused. A real fetch from the npm registry,
/// of a 2 KB package.
/// </summary>
public sealed class NpmPackageSpecs : IDisposable
{
    private const string Integrity = "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dm-npm-");

    [Fact]
    public async Task The_pinned_tarball_is_fetched()
    {
        var package = NpmPackage.TryParse("is-number@7.0.0", Integrity)!;

        var tarball = await package.FetchAsync(_directory.FullName, TestContext.Current.CancellationToken);

        Assert.Equal("is-number-7.0.0.tgz", Path.GetFileName(tarball));
    }

    [Fact]
    public async Task A_tarball_that_is_not_the_pinned_one_is_refused_naming_both_digests()
    {
        var wrong = "sha512-" + Convert.ToBase64String(new byte[64]);
        var package = NpmPackage.TryParse("is-number@7.0.0", wrong)!;

        var error = await Assert.ThrowsAsync<DeployMatrixException>(() => package.FetchAsync(_directory.FullName, TestContext.Current.CancellationToken));

        Assert.Equal(
            $"is-number@7.0.0 from the npm registry has integrity {Integrity}, not the {wrong} pinned: the registry serves " +
            "other contents under this version. Check the package before changing the pin.",
            error.Message);
    }

    [Theory]
    [InlineData("is-number")]
    [InlineData("is-number@^7.0.0")]
    [InlineData("is-number@latest")]
    [InlineData("@scope@1.0.0")]
    public void Only_an_exact_version_is_a_pin(string spec) => Assert.Null(NpmPackage.TryParse(spec, Integrity));

    public void Dispose() => _directory.Delete(recursive: true);
}
