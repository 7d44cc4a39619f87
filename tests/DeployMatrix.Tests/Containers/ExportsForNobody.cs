using DeployMatrix.Exports;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// Every image of the matrices that specs run as nobody exported for <c>nobody</c>, in a directory of the
/// checkout that nobody can reach (the test run's own temporary directory is root's alone). Kept between test runs:
/// an export whose image has not changed is not made again.
/// </summary>
internal static class ExportsForNobody
{
    public const int Uid = 65534;

    /// <summary>The matrices whose images are exported.</summary>
    private static readonly string[] Matrices = ["matrix.yaml", "matrices/hostile.yaml", "matrices/read-only-root.yaml", "matrices/third-party.yaml"];

    private static readonly Lazy<Task<string>> Made = new(() => MakeAsync(Harness!));
    private static ContainerHarness? Harness;

    /// <summary>The directory of a spec's own that nobody may write to, under the checkout.</summary>
    public static string ScratchDirectory(ContainerHarness harness, string purpose) => OpenDirectory(harness, $"{purpose}-{Guid.NewGuid():N}");

    /// <summary><c>.deploymatrix/<paramref name="name"/></c> of the checkout, which anyone may write to.</summary>
    private static string OpenDirectory(ContainerHarness harness, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(harness.Assets.Root, ".deploymatrix", name)).FullName;
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        }

        return directory;
    }

    /// <summary>The exports' directory (for <c>DEPLOY_MATRIX_EXPORTS</c>), made on first use.</summary>
    public static Task<string> GetAsync(ContainerHarness harness)
    {
        Interlocked.CompareExchange(ref Harness, harness, null);
        return Made.Value;
    }

    private static async Task<string> MakeAsync(ContainerHarness harness)
    {
        // nobody makes the exports inside: the export makes every file in it as its owner.
        var directory = OpenDirectory(harness, "exports-for-nobody");
        var images = Matrices.Select(Tests.Matrix.RepositoryMatrices.Load)
            .SelectMany(matrix => matrix.AllCells())
            .Where(cell => cell.Target.Root is null)
            .Select(cell => (cell.Image, cell.Platform))
            .Distinct()
            .ToList();
        var session = harness.Session;
        await new ImageExporter(session.Engine, session.Janitor, session.Fingerprints)
            .ExportAsync(images, images, new ImageExports(Path.Combine(directory, "exports")), ExportOwner.Named("nobody"), _ => { }, TestContext.Current.CancellationToken);
        return Path.Combine(directory, "exports");
    }
}
