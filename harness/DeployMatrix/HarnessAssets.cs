using DeployMatrix.Platforms;

namespace DeployMatrix;

/// <summary>
/// Files of this repository the harness itself needs at run time: the image recipes and the binaries built from
/// <c>fixtures/</c> (among them the i386 <c>linux32</c> launcher). Found by walking up from a starting directory.
/// </summary>
internal sealed class HarnessAssets
{
    private HarnessAssets(string root) => Root = root;

    public string Root { get; }

    public string ImageCatalog => Path.Combine(Root, Images.ImageCatalog.DefaultPath);

    public string FixturesBin => Path.Combine(Root, "fixtures", "bin");

    public string Linux32Launcher => Path.Combine(Root, Images.Linux32Launcher.DefaultPath);

    /// <summary>Where the fixture binary <paramref name="name"/> built for <paramref name="platform"/> lies.</summary>
    public string Fixture(Platform platform, string name) => Path.Combine(FixturesBin, platform.Slug, name);

    /// <summary>
    /// The nearest directory holding <c>fixtures/images/images.yaml</c>, from <paramref name="start"/> (else the
    /// current directory, then the directory of the running assembly) upwards.
    /// </summary>
    public static HarnessAssets Locate(string? start = null)
    {
        var starts = start is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : new[] { start };
        foreach (var directory in starts.SelectMany(Ancestors))
        {
            if (File.Exists(Path.Combine(directory, Images.ImageCatalog.DefaultPath)))
            {
                return new HarnessAssets(directory);
            }
        }

        throw new DeployMatrixException(
            $"No DeployMatrix checkout (a directory with fixtures/images/images.yaml) at or above {string.Join(" or ", starts)}: " +
            "run from inside the repository.");
    }

    /// <summary>
    /// The static i386 launcher linux/386 cells need: the checkout's build when run from inside the repository, else
    /// the copy packed with the installed tool (<c>assets/linux32</c> beside it); null when there is neither, and then
    /// only linux/386 cells fail, saying so.
    /// </summary>
    public static string? FindLinux32Launcher() => FindInCheckoutOrTool(Images.Linux32Launcher.DefaultPath, "linux32");

    /// <summary>The image recipes: the checkout's, else the copy packed with the installed tool; null when neither.</summary>
    public static string? FindImageCatalog() => FindInCheckoutOrTool(Images.ImageCatalog.DefaultPath, "images.yaml");

    private static string? FindInCheckoutOrTool(string pathInCheckout, string packedName)
    {
        // The checkout around the current directory, else the one the tool was built in (run from another directory).
        var checkout = Ancestors(Environment.CurrentDirectory).Concat(Ancestors(AppContext.BaseDirectory))
            .Select(directory => Path.Combine(directory, pathInCheckout))
            .FirstOrDefault(File.Exists);
        var packed = Path.Combine(AppContext.BaseDirectory, "assets", packedName);
        return checkout ?? (File.Exists(packed) ? packed : null);
    }

    /// <summary><paramref name="directory"/> and every directory above it, nearest first.</summary>
    internal static IEnumerable<string> Ancestors(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            yield return current.FullName;
        }
    }
}
