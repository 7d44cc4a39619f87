using System.Globalization;
using System.Text.Json.Nodes;
using DeployMatrix.Containers.Runc;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// What bubblewrap is told to do for one container's OCI spec, the engine's own (<c>Runc/RuncSpecTemplate</c>) filled
/// in for it: the same namespaces, host name, capabilities, environment, working directory, masked and read-only
/// paths, and the kernel file systems mounted in the container. The spec's tmpfs and bind mounts are made on the host
/// beforehand (<see cref="HostMounts"/>), since bubblewrap cannot mount a tmpfs <c>noexec</c>; its cgroups, rlimits and
/// seccomp profile are applied around bubblewrap (<see cref="BubblewrapContainerRunner"/>).
/// </summary>
internal static class BubblewrapArguments
{
    /// <summary>The file descriptor the compiled seccomp program is open at when bubblewrap starts.</summary>
    public const int SeccompDescriptor = 9;

    private static readonly Dictionary<string, string> Namespaces = new(StringComparer.Ordinal)
    {
        ["pid"] = "--unshare-pid",
        ["ipc"] = "--unshare-ipc",
        ["uts"] = "--unshare-uts",
        // The helper makes it before it launches bubblewrap, so as to set the spec's network sysctls in it.
        ["network"] = "",
        ["cgroup"] = "--unshare-cgroup",
        ["mount"] = "",
    };

    /// <param name="spec">The container's spec.</param>
    /// <param name="root">The host directory of the container's root, with the host-made mounts in place.</param>
    /// <param name="mounts">Where the root is mounted.</param>
    /// <exception cref="BubblewrapUnavailableException">The spec asks for what bubblewrap does not do.</exception>
    public static IReadOnlyList<string> For(JsonObject spec, string root, Mounts mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        ArgumentNullException.ThrowIfNull(spec);
        var process = spec["process"]!.AsObject();
        var linux = spec["linux"]!.AsObject();
        if ((string?)process["apparmorProfile"] is { Length: > 0 } profile && Directory.Exists("/sys/kernel/security/apparmor"))
        {
            throw new BubblewrapUnavailableException($"the engine confines its containers with the AppArmor profile {profile}, which bubblewrap cannot apply");
        }

        var arguments = new List<string>();
        foreach (var type in linux["namespaces"]!.AsArray().Select(n => (string)n!["type"]!))
        {
            var option = Namespaces.GetValueOrDefault(type)
                         ?? throw new BubblewrapUnavailableException($"the engine's spec asks for a {type} namespace, which the bubblewrap runner does not make");
            if (option.Length > 0)
            {
                arguments.Add(option);
            }
        }

        // The program is PID 1 of its namespace, as under the engine, and in a session of its own, as runc makes it.
        arguments.AddRange(["--as-pid-1", "--die-with-parent", "--new-session"]);
        if ((string?)spec["hostname"] is { Length: > 0 } hostname)
        {
            arguments.AddRange(["--hostname", hostname]);
        }

        arguments.AddRange(["--bind", root, "/"]);
        arguments.AddRange(KernelMounts(spec["mounts"]!.AsArray()));
        foreach (var path in Strings(linux["maskedPaths"]).Where(Exists))
        {
            arguments.AddRange(Directory.Exists(path) ? ["--tmpfs", path, "--remount-ro", path] : ["--ro-bind", "/dev/null", path]);
        }

        // /proc's read-only parts are bound from the host's: they hold no process of it, and the reader's namespaces
        // decide what they show. The others (the program's directory) were made read-only on the host.
        foreach (var path in Strings(linux["readonlyPaths"]).Where(HostMounts.IsProc).Where(Exists))
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }

        if ((bool?)spec["root"]?["readonly"] == true)
        {
            arguments.AddRange(["--remount-ro", "/"]);
        }

        arguments.AddRange(Capabilities(process));
        arguments.Add("--clearenv");
        foreach (var variable in Environment(process, mounts.View(root)))
        {
            var (name, value) = (variable.Split('=', 2)[0], variable.Split('=', 2)[1]);
            arguments.AddRange(["--setenv", name, value]);
        }

        arguments.AddRange(["--chdir", (string?)process["cwd"] ?? "/"]);
        arguments.AddRange(["--seccomp", SeccompDescriptor.ToString(CultureInfo.InvariantCulture)]);
        arguments.Add("--");
        arguments.AddRange(Strings(process["args"]));
        return arguments;
    }

    /// <summary>The spec's environment, with HOME from the image's passwd where it names none, as runc sets it.</summary>
    public static IEnumerable<string> Environment(JsonObject process, string root)
    {
        var environment = Strings(process["env"]).ToList();
        if (!environment.Any(variable => variable.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            environment.Add("HOME=" + RootPath.HomeOf(root, (long?)process["user"]?["uid"] ?? 0));
        }

        return environment;
    }

    /// <summary>The proc, dev, sysfs and mqueue mounts, and tmpfs mounts below /dev (which bubblewrap's /dev would hide).</summary>
    private static IEnumerable<string> KernelMounts(JsonArray mounts)
    {
        foreach (var mount in mounts.Select(m => m!.AsObject()))
        {
            var destination = (string)mount["destination"]!;
            switch ((string?)mount["type"])
            {
                case "proc":
                    yield return "--proc";
                    yield return destination;
                    break;
                case "tmpfs" when destination == "/dev":
                    yield return "--dev";
                    yield return destination;
                    break;
                case "tmpfs" when IsUnderDev(destination):
                    foreach (var argument in DeviceTmpfs(destination, Strings(mount["options"])))
                    {
                        yield return argument;
                    }

                    break;
                case "sysfs":
                    yield return "--ro-bind";
                    yield return "/sys";
                    yield return destination;
                    break;
                case "mqueue":
                    yield return "--mqueue";
                    yield return destination;
                    break;
                case "devpts" or "cgroup":
                    // bubblewrap's /dev has its own pts; the host's cgroups show read-only through /sys.
                    break;
                case "tmpfs" or "bind":
                    break; // Made on the host (HostMounts).
                case var type:
                    throw new BubblewrapUnavailableException($"the engine's spec mounts {type} at {destination}, which the bubblewrap runner does not mount");
            }
        }
    }

    /// <summary>Whether a tmpfs goes below /dev, which bubblewrap makes itself (<c>--dev</c>), so that a mount made beforehand would be hidden.</summary>
    public static bool IsUnderDev(string path) => path.StartsWith("/dev/", StringComparison.Ordinal);

    private static IEnumerable<string> DeviceTmpfs(string destination, IEnumerable<string> options)
    {
        foreach (var option in options)
        {
            if (option.StartsWith("size=", StringComparison.Ordinal))
            {
                yield return "--size";
                yield return Bytes(option["size=".Length..]).ToString(CultureInfo.InvariantCulture);
            }
            else if (option.StartsWith("mode=", StringComparison.Ordinal))
            {
                yield return "--perms";
                yield return option["mode=".Length..];
            }
        }

        yield return "--tmpfs";
        yield return destination;
    }

    /// <summary>A tmpfs size as mount options write it: bytes, or with a k, m or g suffix.</summary>
    private static long Bytes(string size)
    {
        var unit = char.ToLowerInvariant(size[^1]) switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1 };
        return long.Parse(unit == 1 ? size : size[..^1], CultureInfo.InvariantCulture) * unit;
    }

    /// <summary>
    /// None, as the engine's hardened spec grants none, except CAP_SETPCAP for the first process alone
    /// (<see cref="FirstProcess"/>), which drops the bounding set that bubblewrap run as root keeps, and then that too.
    /// </summary>
    private static IEnumerable<string> Capabilities(JsonObject process)
    {
        if (process["capabilities"]?.AsObject().FirstOrDefault(set => set.Value?.AsArray().Count > 0) is { Key: { } granted })
        {
            throw new BubblewrapUnavailableException($"the engine's spec grants {granted} capabilities, and the bubblewrap runner grants none");
        }

        return ["--cap-drop", "ALL", "--cap-add", "CAP_SETPCAP"];
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(value => (string)value!) ?? [];
}
