using System.Globalization;
using System.Text;
using DeployMatrix.Platforms;

namespace DeployMatrix.Cli.Commands;

/// <summary>The matrix.yaml <c>deploymatrix init</c> writes: the binaries as found, every target on their platforms.</summary>
internal static class MatrixScaffold
{
    public sealed record Binary(string Name, string Path, Platform Platform);

    public sealed record Target(string Name, string Image, IReadOnlyList<Platform> Platforms);

    public static string Render(IReadOnlyList<Binary> binaries, IReadOnlyList<Target> targets, string snapshots)
    {
        var text = new StringBuilder();
        text.Append("# Where these binaries are shipped; written by deploymatrix init. Each cell (binary, case, target, platform)\n");
        text.Append("# is one run in a fresh container and one snapshot file under the snapshots directory's __snapshots__/.\n");
        text.Append("#\n");
        text.Append("# binaries: name, path (the build output), cases (default: one case \"default\"; each may set args, env,\n");
        text.Append("#           stdin and timeout); the platform is the one the ELF header names\n");
        text.Append("# targets:  name, image ({arch} becomes amd64, i386 or arm64), platforms\n");
        text.Append(CultureInfo.InvariantCulture, $"snapshots: {Quote(snapshots)}\n\ndefaults:\n  timeout: 20s\n\nbinaries:\n");
        foreach (var binary in binaries)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: {binary.Name}\n    path: {Quote(binary.Path)}\n");
        }

        text.Append("\ntargets:\n");
        foreach (var target in targets)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: {target.Name}\n    image: {Quote(target.Image)}\n    platforms: [{string.Join(", ", target.Platforms.Select(p => p.Name))}]\n");
        }

        return text.ToString();
    }

    // Single quotes keep a path with ': ', '#' or a leading '{' a plain string.
    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
