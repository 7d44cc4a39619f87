using DeployMatrix.Platforms;

namespace DeployMatrix.Containers;

/// <summary>
/// How a request's program is started, whichever runtime starts it: directly, or through the static linux32
/// launcher on platforms that need that personality (so that <c>uname -m</c> says i686), which then execs it.
/// </summary>
internal static class Launch
{
    /// <summary>
    /// Where the Linux32 launcher is put in containers of platforms that need that personality: out of the way of
    /// anything the tested programs look for.
    /// </summary>
    public const string Linux32LauncherPath = "/.deploymatrix/linux32";

    /// <summary>What the container runs as its first process.</summary>
    public static IReadOnlyList<string> Command(ContainerRequest request) =>
        request.Platform.NeedsLinux32Personality ? [Linux32LauncherPath, .. request.Command] : request.Command;

    /// <summary>The request's files, and the launcher where the platform needs it.</summary>
    /// <exception cref="DeployMatrixException">The platform needs the launcher and there is none.</exception>
    public static IReadOnlyList<ContainerFile> Files(ContainerRequest request, string? linux32Launcher)
    {
        return request.Platform.NeedsLinux32Personality
            ? [.. request.Files, new ContainerFile(RequireLinux32Launcher(request.Platform, linux32Launcher), Linux32LauncherPath)]
            : request.Files;
    }

    /// <summary>The launcher a program of <paramref name="platform"/> is started through.</summary>
    /// <exception cref="DeployMatrixException">There is none.</exception>
    public static string RequireLinux32Launcher(Platform platform, string? linux32Launcher) =>
        linux32Launcher is not null && File.Exists(linux32Launcher)
            ? linux32Launcher
            : throw new DeployMatrixException(
                $"Running on {platform} needs the static linux32 launcher, and {linux32Launcher ?? "none"} was given or found: " +
                "the DeployMatrix package carries it as assets/linux32 beside the assembly; restore the package again (dotnet restore).");
}
