using System.Globalization;
using DeployMatrix.Containers;
using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// Every key a matrix may hold, each written once (<see cref="MatrixKey"/>): its kind, range, default and help. A key
/// outside it is a typo or a misunderstanding, and stops the run before anything starts, with the nearest valid key.
/// </summary>
internal static class MatrixSchema
{
    /// <summary>The most bytes of output, memory or scratch a matrix may ask for: output is kept in memory, the rest handed to the kernel.</summary>
    private const long LargestOutput = 1L << 30;
    private const long LargestMemory = 1L << 40;

    private static readonly string[] ScrubberLists = ["scrubbers:*", "binaries:*:scrubbers:*", "binaries:*:cases:*:scrubbers:*"];

    public static readonly MatrixKey<string> MatrixFile = new(
        "matrix", ValueKinds.Path,
        "The matrix file. Only an environment variable or the command line can name it: a file cannot choose itself.")
    {
        Default = "matrix.yaml",
    };

    public static readonly MatrixKey<string> Snapshots = new(
        "snapshots", ValueKinds.Path, "The directory that holds __snapshots__/.")
    {
        Default = "snapshots",
    };

    public static readonly MatrixKey<string> Fingerprints = new(
        "fingerprints", ValueKinds.Path,
        "A directory of fingerprint files (deploymatrix fingerprint IMAGE --out DIR) of systems that cannot run here; each build's distribution table includes them.");

    public static class Defaults
    {
        public static readonly MatrixKey<TimeSpan> Timeout = new(
            "timeout", ValueKinds.Duration(Durations.Longest), "How long a case may run before it is stopped and called timed out.", "defaults")
        {
            Default = "30s",
        };

        public static readonly MatrixKey<ImagePull> Pull = new(
            "pull", ValueKinds.Choice(
                "a pull policy",
                ("missing", ImagePull.Missing, "pull an image not here yet"),
                ("always", ImagePull.Always, "pull each run, for a tag that moves"),
                ("never", ImagePull.Never, "use only what is here")),
            "When a target's image is pulled. Images built here are never pulled.", "defaults")
        {
            Default = "missing",
        };
    }

    public static class Binary
    {
        public static readonly MatrixKey<string> Name = new("name", ValueKinds.Name, "Names the binary's snapshots and tests.", "binaries:*") { Required = "" };

        public static readonly MatrixKey<string> Path = new(
            "path", ValueKinds.Path, $"The binary; {BinaryDefinition.PlatformPlaceholder} stands for the platform (linux-amd64) when it is built for several.", "binaries:*")
        {
            Required = "",
        };

        public static readonly MatrixKey<string> Bundle = new(
            "bundle", ValueKinds.Path, "A directory shipped with the binary (its own libraries), copied whole to /app; path then lies inside it.", "binaries:*");

        public static readonly MatrixKey<Platform> Platforms = new(
            "platforms", KeyShape.List, ValueKinds.Platform, "The platforms it is built for.", "binaries:*")
        {
            DefaultWords = "the one its ELF header names",
        };
    }

    public static class Case
    {
        public static readonly MatrixKey<string> Name = new("name", ValueKinds.Name, "Names the case's snapshots and tests.", "binaries:*:cases:*") { Required = "" };

        public static readonly MatrixKey<string> Args = new("args", KeyShape.List, ValueKinds.Text, "The arguments, each passed as it is, with no shell.", "binaries:*:cases:*");

        public static readonly MatrixKey<string> Env = new(
            "env", KeyShape.Mapping, ValueKinds.Text, "Environment variables, NAME: value, beside the image's own.", "binaries:*:cases:*");

        public static readonly MatrixKey<string> Stdin = new("stdin", ValueKinds.Text, "What the program reads on its standard input.", "binaries:*:cases:*")
        {
            DefaultWords = "nothing",
        };

        public static readonly MatrixKey<TimeSpan> Timeout = new(
            "timeout", ValueKinds.Duration(Durations.Longest), "How long this case may run.", "binaries:*:cases:*")
        {
            Fallback = Defaults.Timeout,
        };
    }

    /// <summary>Rules that replace what changes from run to run in output; for the whole matrix, a binary or a case.</summary>
    public static class Scrubbers
    {
        public static readonly MatrixKey<string> Pattern = new("pattern", ValueKinds.Text, "A .NET regular expression, matched line by line (Multiline).", ScrubberLists)
        {
            Required = "the regular expression whose matches to replace",
        };

        public static readonly MatrixKey<string> Replacement = new("replacement", ValueKinds.Text, "What replaces each match; $1 names a group.", ScrubberLists)
        {
            Required = "what replaces each match, e.g. '<time>' ('' removes it)",
        };

        public static readonly MatrixKey<TimeSpan> Timeout = new(
            "timeout", ValueKinds.Duration(Scrubber.LongestTimeout, "for one match"),
            "How long the rule may take on one output, for a pattern that backtracks; without it the pattern runs without backtracking.", ScrubberLists);
    }

    public static class Target
    {
        public static readonly MatrixKey<string> Name = new("name", ValueKinds.Name, "Names the target's snapshots and tests.", "targets:*") { Required = "" };

        public static readonly MatrixKey<string> Image = new("image", ValueKinds.Image, $"The image to run in (or {RootfsKey}).", "targets:*");

        private const string RootfsKey = "rootfs";

        public static readonly MatrixKey<string> Rootfs = new(
            RootfsKey, ValueKinds.Path,
            $"Instead of an image, a root file system or sysroot directory ({TargetDefinition.ArchitecturePlaceholder} allowed): its binaries run on this host through that root's own loader, with no container, no isolation and the host's /etc.",
            "targets:*");

        public static readonly MatrixKey<Platform> Platforms = new("platforms", KeyShape.List, ValueKinds.Platform, "The platforms to run the image on.", "targets:*")
        {
            Required = "list the platforms to run this image on, e.g. [linux/amd64, linux/arm64]",
        };

        public static readonly MatrixKey<ImagePull> Pull = new("pull", Defaults.Pull.Kind, "When this image is pulled.", "targets:*") { Fallback = Defaults.Pull };
    }

    /// <summary>How cells are run: how many at once, within which limits, by which runtime.</summary>
    public static class Runner
    {
        public static readonly MatrixKey<int> Parallel = new("parallel", ValueKinds.WholeNumber(1, 64), "Cells run at once.", "runner")
        {
            Default = Math.Max(2, Environment.ProcessorCount * 2).ToString(CultureInfo.InvariantCulture),
            DefaultWords = "twice the cores, at least 2",
        };

        public static readonly MatrixKey<long> Memory = new("memory", ValueKinds.Size(LargestMemory), "Memory of each cell, scratch directories included.", "runner")
        {
            Default = "256m",
        };

        public static readonly MatrixKey<int> Processes = new("processes", ValueKinds.WholeNumber(1, 4096), "Processes and threads of each cell.", "runner")
        {
            Default = "64",
        };

        public static readonly MatrixKey<int> Cpus = new("cpus", ValueKinds.WholeNumber(1, 64), "CPU time of each cell, in cores.", "runner") { Default = "1" };

        public static readonly MatrixKey<long> Output = new("output", ValueKinds.Size(LargestOutput), "Bytes kept of each of stdout and stderr, from the start.", "runner")
        {
            Default = "64k",
        };

        public static readonly MatrixKey<long> Scratch = new("scratch", ValueKinds.Size(LargestMemory), "The size of each writable directory's tmpfs (and of /dev/shm).", "runner")
        {
            Default = "64m",
        };

        public static readonly MatrixKey<RootFileSystem> Root = new(
            "root", ValueKinds.Choice(
                "a root file system",
                ("writable", RootFileSystem.Writable, "as on a real machine, writes bounded by root-size and discarded with the cell"),
                ("read-only", RootFileSystem.ReadOnly, "only the writable directories take writes")),
            "Whether the root file system takes writes.", "runner")
        {
            Default = "writable",
        };

        public static readonly MatrixKey<long> RootSize = new(
            "root-size", ValueKinds.Size(LargestMemory), "How much a cell may write to a writable root, where the runtime bounds it (runc and bubblewrap do, docker on overlay2 does not).", "runner")
        {
            Default = "64m",
        };

        public static readonly MatrixKey<int> OpenFiles = new("open-files", ValueKinds.WholeNumber(16, 1 << 20), "Files a cell may hold open (RLIMIT_NOFILE).", "runner")
        {
            Default = "1024",
        };

        public static readonly MatrixKey<string> Writable = new(
            "writable", KeyShape.List, ValueKinds.ScratchDirectory, "Directories that are each an empty tmpfs of scratch size, the only writable ones under a read-only root.", "runner")
        {
            Default = "/tmp",
        };

        public static readonly MatrixKey<ContainerRuntime> Runtime = new(
            "runtime", ValueKinds.Choice(
                "a runtime",
                ("auto", ContainerRuntime.Auto, "bubblewrap where it can work, else runc, else docker"),
                ("docker", ContainerRuntime.Docker, "the engine's own containers"),
                ("runc", ContainerRuntime.Runc, "runc over the image's layers, as root"),
                ("bubblewrap", ContainerRuntime.Bubblewrap, "bubblewrap over the image's layers with the engine's spec, as root; for another user, over the images exported for that user")),
            "What starts each cell's container.", "runner")
        {
            Default = "auto",
        };
    }

    /// <summary>Which cells run: the others are left out, not failed.</summary>
    public static class Filter
    {
        public static readonly MatrixKey<string> Binaries = new("binaries", KeyShape.List, ValueKinds.Text, "Only these binaries.", "filter");

        public static readonly MatrixKey<string> Targets = new("targets", KeyShape.List, ValueKinds.Text, "Only these targets.", "filter");

        public static readonly MatrixKey<string> Platforms = new("platforms", KeyShape.List, ValueKinds.Text, "Only these platforms.", "filter");

        public static readonly MatrixKey<Shard> Shard = new("shard", ValueKinds.Shard, "Every N-th cell from the I-th, to split a matrix over N CI jobs.", "filter");
    }

    /// <summary>A what-if: judge the cells as on another host.</summary>
    public static class Host
    {
        public static readonly MatrixKey<Platform> Platform = new("platform", ValueKinds.Platform, "The host's own platform.", "host");

        public static readonly MatrixKey<Platform> Emulated = new("emulated", KeyShape.List, ValueKinds.Platform, "Platforms the host runs only through qemu.", "host");
    }

    /// <summary>Every key, in the order <c>deploymatrix config --keys</c> lists them.</summary>
    public static readonly IReadOnlyList<MatrixKey> Keys =
    [
        MatrixFile, Snapshots, Fingerprints,
        Defaults.Timeout, Defaults.Pull,
        Binary.Name, Binary.Path, Binary.Bundle, Binary.Platforms,
        Case.Name, Case.Args, Case.Env, Case.Stdin, Case.Timeout,
        Scrubbers.Pattern, Scrubbers.Replacement, Scrubbers.Timeout,
        Target.Name, Target.Image, Target.Rootfs, Target.Platforms, Target.Pull,
        Runner.Parallel, Runner.Memory, Runner.Processes, Runner.Cpus, Runner.Output, Runner.Scratch,
        Runner.Root, Runner.RootSize, Runner.OpenFiles, Runner.Writable, Runner.Runtime,
        Filter.Binaries, Filter.Targets, Filter.Platforms, Filter.Shard,
        Host.Platform, Host.Emulated,
    ];

    /// <summary>The built-in defaults, the lowest layer of settings.</summary>
    public static readonly IReadOnlyDictionary<string, string?> BuiltIn =
        Keys.Where(key => key.Default is not null).ToDictionary(key => key.Path, key => key.Default, StringComparer.OrdinalIgnoreCase);

    private static readonly string[][] Patterns = [.. Keys.SelectMany(key => key.Patterns).Select(Segments)];

    /// <summary>Whether <paramref name="path"/> is a key of the schema or a section on the way to one.</summary>
    public static bool Allows(string path) => Patterns.Any(key => Matches(key, Segments(path)));

    /// <summary>Whether <paramref name="path"/> holds a single value: a key of the schema with nothing below it.</summary>
    public static bool IsValue(string path) =>
        path.Length > 0
        && Patterns.Any(key => key.Length == Segments(path).Length && Matches(key, Segments(path)))
        && !Patterns.Any(key => key.Length > Segments(path).Length && Matches(key, Segments(path)));

    /// <summary>The keys that may stand beside <paramref name="path"/>, for the error message.</summary>
    public static IEnumerable<string> Siblings(string path)
    {
        var parent = Segments(path)[..^1];
        return Patterns
            .Where(key => key.Length > parent.Length && Matches(key[..parent.Length], parent))
            .Select(key => key[parent.Length])
            .Where(name => name != "*")
            .Distinct();
    }

    /// <summary>The sibling of an unknown key that is nearest in spelling, when one is near enough to be what was meant.</summary>
    public static string? Nearest(string path)
    {
        var name = Segments(path)[^1].ToLowerInvariant();
        return Siblings(path)
            .Select(sibling => (Sibling: sibling, Distance: EditDistance(name, sibling)))
            .Where(s => s.Distance <= Math.Max(1, s.Sibling.Length / 3))
            .OrderBy(s => s.Distance)
            .Select(s => s.Sibling)
            .FirstOrDefault();
    }

    private static string[] Segments(string path) => path.Split(':');

    // A prefix of a key matches too: "binaries:0" is the section holding "binaries:0:name". A list given as one
    // comma-separated value ("filter:targets") stops at the list's own name, so that matches as a prefix as well.
    private static bool Matches(string[] key, string[] path) =>
        path.Length <= key.Length && path.Select((segment, i) => key[i] == "*" || string.Equals(key[i], segment, StringComparison.OrdinalIgnoreCase)).All(m => m);

    /// <summary>Levenshtein distance, with a swap of two neighbours counting as one edit (Damerau).</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
