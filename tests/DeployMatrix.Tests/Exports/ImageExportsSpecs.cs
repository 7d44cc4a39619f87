using DeployMatrix.Exports;
using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Exports;

/// <summary>
/// Exports that are missing or damaged (a file written by hand, a half-copied directory) are named with the file at
/// fault and how to make it again; what is simply not exported reads as absent.
/// </summary>
public sealed class ImageExportsSpecs : IDisposable
{
    private const string Tag = "deploymatrix/debian:12-amd64";
    private readonly string _directory = Directory.CreateTempSubdirectory("exports-spec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_image_not_exported_is_absent()
    {
        var exports = new ImageExports(_directory);

        Assert.False(exports.Exist);
        Assert.Null(exports.TryGet(Tag));
        Assert.Null(exports.Inspect(Tag));
    }

    [Fact]
    public void With_no_image_exported_the_spec_says_how_to_export_them()
    {
        var failure = Assert.Throws<DeployMatrixException>(() => new ImageExports(_directory).Template(RunnerSettings.Default.Limits));

        Assert.Contains(Path.Combine(_directory, "engine-spec.json"), failure.Message, StringComparison.Ordinal);
        Assert.Contains("deploymatrix images export --owner USER", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "is not an exported image's description")]
    [InlineData("""{"tag":"deploymatrix/debian:11-amd64","id":"sha256:1","os":"linux","architecture":"amd64","repoDigests":[],"labels":{},"environment":[],"workingDirectory":"/"}""", "is not the export of deploymatrix/debian:12-amd64")]
    public void A_damaged_description_names_its_file_and_the_export_to_make_again(string json, string said)
    {
        var exports = new ImageExports(_directory);
        var file = ImageExports.ImageFileOf(exports.DirectoryOf(Tag));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, json);

        var failure = Assert.Throws<DeployMatrixException>(() => exports.TryGet(Tag));

        Assert.Contains(file, failure.Message, StringComparison.Ordinal);
        Assert.Contains(said, failure.Message, StringComparison.Ordinal);
        Assert.Contains($"deploymatrix images export --tag {Tag} --owner USER --again", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "is not the engine's spec as an export keeps it")]
    [InlineData("""{"limits":{"MemoryBytes":1,"Processes":1,"Cpus":1,"OutputBytes":1,"ScratchBytes":1,"Root":0,"RootBytes":1,"Writable":[],"OpenFiles":1}}""", "holds no container spec")]
    [InlineData("not json", "is not the engine's spec as an export keeps it")]
    public void A_damaged_spec_names_its_file(string json, string said)
    {
        File.WriteAllText(Path.Combine(_directory, "engine-spec.json"), json);

        var failure = Assert.Throws<DeployMatrixException>(() => new ImageExports(_directory).Template(RunnerSettings.Default.Limits));

        Assert.Contains(Path.Combine(_directory, "engine-spec.json"), failure.Message, StringComparison.Ordinal);
        Assert.Contains(said, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fingerprint_of_another_image_is_refused()
    {
        var exports = new ImageExports(_directory);
        var file = ImageExports.FingerprintFileOf(exports.DirectoryOf(Tag));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{}");

        var failure = Assert.Throws<DeployMatrixException>(() => exports.Fingerprint(Tag, "sha256:2"));

        Assert.Contains(file, failure.Message, StringComparison.Ordinal);
        Assert.Contains($"deploymatrix images export --tag {Tag} --owner USER --again", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_owner_that_does_not_exist_is_named()
    {
        var failure = Assert.Throws<DeployMatrixException>(() => ExportOwner.Named("no-such-user-here"));

        Assert.Equal("--owner no-such-user-here: there is no such user in /etc/passwd.", failure.Message);
    }
}
