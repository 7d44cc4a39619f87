using System.Text.Json.Nodes;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// The static <c>exec</c> program (fixtures/src/exec.c) that bubblewrap starts in each container in place of the
/// spec's program, which it then execs: bubblewrap itself keeps the bounding set when run as root, always sets PWD,
/// and starts its program with execvp, which hands a file the kernel refuses to /bin/sh. The same program launches
/// bubblewrap on the host (its <c>--launch</c> role). It is built for the host's architecture, since the kernel runs
/// it before any emulator.
/// </summary>
internal static class FirstProcess
{
    /// <summary>Where it is bound in the container, beside the i386 launcher.</summary>
    public const string PathInContainer = "/.deploymatrix/exec";

    /// <summary>The build for this host in a checkout, or the copy packed with the library.</summary>
    /// <exception cref="BubblewrapUnavailableException">There is neither.</exception>
    public static string Find()
    {
        var slug = Platforms.KnownPlatforms.Host()?.Slug
                   ?? throw new BubblewrapUnavailableException($"this host's architecture ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}) has no build of its first process");
        var (inCheckout, packed) = ($"fixtures/bin/{slug}/exec", $"exec-{slug}/exec");
        var found = HarnessAssets.FindInCheckoutOrTool(inCheckout, packed)
                    ?? throw new BubblewrapUnavailableException($"its helper for {slug} is missing: {HarnessAssets.Missing(inCheckout, packed)}");
        return Executable(found);
    }

    /// <summary>A package's content files arrive without their mode: the helper is made executable where it lies.</summary>
    private static string Executable(string path)
    {
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsLinux() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0)
        {
            return path;
        }

        try
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | execute);
            return path;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BubblewrapUnavailableException($"its helper {path} is not executable and cannot be made so ({e.Message})");
        }
    }

    /// <summary>
    /// Makes <paramref name="program"/> the first process of the cell's own spec (made for this cell alone): bound
    /// read-only in the container, started with the spec's PWD, then the spec's own command.
    /// </summary>
    public static void Insert(JsonObject spec, string program)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var process = spec["process"]!.AsObject();
        var pwd = process["env"]?.AsArray().Select(v => (string)v!).LastOrDefault(v => v.StartsWith("PWD=", StringComparison.Ordinal));
        var command = process["args"]!.AsArray();
        command.Insert(0, pwd?["PWD=".Length..] ?? "-");
        command.Insert(0, PathInContainer);
        spec["mounts"]!.AsArray().Add(new JsonObject
        {
            ["destination"] = PathInContainer,
            ["type"] = "bind",
            ["source"] = program,
            ["options"] = new JsonArray("rbind", "ro", "rprivate"),
        });
        var linux = spec["linux"]!.AsObject();
        if (linux["readonlyPaths"] is not JsonArray readOnly)
        {
            linux["readonlyPaths"] = readOnly = [];
        }

        var directory = Path.GetDirectoryName(PathInContainer)!;
        if (!readOnly.Any(path => (string?)path == directory))
        {
            readOnly.Add(directory);
        }
    }
}
