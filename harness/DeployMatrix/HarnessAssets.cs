using DeployMatrix.Platforms;

namespace DeployMatrix;

/// <summary>
/// Files of this repository the harness itself needs at run time: the binaries built from <c>fixtures/</c> (among
/// them the i386 <c>linux32</c> launcher). Found by walking up from a starting directory.
/// </summary>
internal sealed class HarnessAssets
{
    /// <summary>What marks a checkout: its image recipes, which the image factory reads (<c>ImageCatalog.DefaultPath</c>).</summary>
    public const string CheckoutMarker = "fixtures/images/images.yaml";

    /// <summary>The i386 launcher in a checkout, once <c>make -C fixtures</c> built it.</summary>
    public const string Linux32LauncherPath = "fixtures/bin/linux-386/linux32";

    private HarnessAssets(string root) => Root = root;

    public string Root { get; }

    public string FixturesBin => Path.Combine(Root, "fixtures", "bin");

    public string Linux32Launcher => Path.Combine(Root, Linux32LauncherPath);

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
            if (File.Exists(Path.Combine(directory, CheckoutMarker)))
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
    public static string? FindLinux32Launcher() => FindInCheckoutOrTool(Linux32LauncherPath, "linux32");

    /// <summary>
    /// The file at <paramref name="pathInCheckout"/> of the checkout around the current directory (else the one the
    /// running assembly was built in), else <paramref name="packedName"/> in <c>assets/</c> beside the running
    /// assembly; null when neither exists.
    /// </summary>
    public static string? FindInCheckoutOrTool(string pathInCheckout, string packedName)
    {
        // The checkout around the current directory, else the one the tool was built in (run from another directory).
        var checkout = Ancestors(Environment.CurrentDirectory).Concat(Ancestors(AppContext.BaseDirectory))
            .Select(directory => Path.Combine(directory, pathInCheckout))
            .FirstOrDefault(File.Exists);
        var packed = Path.Combine(AppContext.BaseDirectory, "assets", packedName);
        return checkout ?? (File.Exists(packed) ? packed : null);
    }

    /// <summary>
    /// What to do when <see cref="FindInCheckoutOrTool"/> finds neither file, for each way of running: a checkout, the
    /// library's package, the installed tool (whose pack takes the assets only if the fixtures were built first).
    /// </summary>
    public static string Missing(string pathInCheckout, string packedName) =>
        $"neither {pathInCheckout} in a checkout nor assets/{packedName} beside the DeployMatrix assembly exists: in a checkout, " +
        "make -C fixtures; with the DeployMatrix package, restore it again (dotnet restore); " +
        "as the deploymatrix tool, install it from a pack made after make -C fixtures";

    /// <summary><paramref name="directory"/> and every directory above it, nearest first.</summary>
    internal static IEnumerable<string> Ancestors(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            yield return current.FullName;
        }
    }
}
