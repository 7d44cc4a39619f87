using CliWrap.Buffered;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// What users type wrong, as <c>deploymatrix run</c> meets it: each bad input ends with exit 2 and one line on
/// standard error naming the file, the key and the value at fault, with no stack trace and nothing on standard
/// output. The engine named to the command does not exist, so a row that got as far as starting a container would
/// end with the engine's message instead, as the control row shows.
/// </summary>
public sealed class BadInputSpecs
{
    private static readonly Dictionary<string, string> NoEngine = new()
    {
        ["DOCKER_HOST"] = "unix:///nonexistent/deploymatrix-no-engine.sock",
    };

    /// <summary>Each bad input: how it spoils the example matrix, and how its one line begins.</summary>
    private static readonly BadInput[] Inputs =
    [
        // Malformed files.
        new("malformed YAML", Replace("platforms: [linux/amd64, linux/arm64]", "platforms: [linux/amd64, linux/arm64"),
            "matrix.yaml: line 6, column 16: not valid YAML: this '[' is never closed"),
        new("a tab in the indentation", Replace("    path: bin/{platform}/hello", "\tpath: bin/{platform}/hello"),
            "matrix.yaml: line 5, column 1: a tab in the indentation; YAML indents with spaces"),
        new("a key given twice", Replace("defaults:\n  timeout: 10s", "defaults:\n  timeout: 10s\n  timeout: 20s"),
            "matrix.yaml: line 3, column 3: 'timeout' is given twice in one mapping (first at line 2, column 3); keep one"),
        new("an empty file", _ => "", "matrix.yaml: the file is empty: a matrix lists binaries and targets"),
        new("a file of comments only", _ => "# nothing here yet\n", "matrix.yaml: the file is empty: a matrix lists binaries and targets"),
        new("a matrix that is a list", _ => "- hello\n- world\n", "matrix.yaml: line 1, column 1: the file holds a list or a single value; a matrix is keys and their values"),
        new("a matrix file that is a directory", _ => "", "nested: matrix: is a directory; name a matrix file",
            Arguments: ["run", "nested"], Arrange: directory => Directory.CreateDirectory(Path.Combine(directory, "nested"))),
        new("a matrix file that does not exist", _ => "", "missing.yaml: matrix: no such file", Arguments: ["run", "missing.yaml"]),

        // Wrong types.
        new("a single value for a list", yaml => "binaries: hello\n" + yaml[yaml.IndexOf("targets:", StringComparison.Ordinal)..],
            "matrix.yaml: binaries: 'hello' is a single value; expected a list (items starting with '-')"),
        new("a single value for arguments", Replace("args: [one, two words]", "args: one two"),
            "matrix.yaml: binaries[0].cases[1].args: 'one two' is a single value; expected a list (items starting with '-')"),
        new("a list for the environment", Replace("env: { DM_GREETING: hi }", "env: [DM_GREETING=hi]"),
            "matrix.yaml: binaries[0].cases[1].env[0]: '0' is not an environment variable name"),
        new("a list for a duration", Replace("timeout: 500ms", "timeout: [500ms]"),
            "matrix.yaml: binaries[0].cases[1].timeout: a list or mapping where a single value belongs"),
        new("a word for a number", Replace("defaults:", "runner:\n  parallel: many\ndefaults:"),
            "matrix.yaml: runner.parallel: 'many' is not a whole number from 1 to 64"),
        new("an unknown runtime", Replace("defaults:", "runner:\n  runtime: podman\ndefaults:"),
            "matrix.yaml: runner.runtime: 'podman' is not a runtime; write auto"),
        new("an unknown key", Replace("    cases:", "    case:"), "matrix.yaml: binaries[0].case: unknown key; expected one of"),
        new("an unknown root file system", Replace("defaults:", "runner:\n  root: ro\ndefaults:"),
            "matrix.yaml: runner.root: 'ro' is not a root file system; write writable"),

        // Scrubbers: a pattern that is none, one that could run away on some output, a rule without its replacement.
        new("a scrubber pattern that is not a regular expression", Replace("defaults:", "scrubbers:\n  - { pattern: 'pid (', replacement: x }\ndefaults:"),
            "matrix.yaml: scrubbers[0].pattern: 'pid (' is not a regular expression: Invalid pattern 'pid (' at offset 5. Not enough )'s."),
        new("a scrubber that could backtrack without end", Replace("defaults:", "scrubbers:\n  - { pattern: '(\\w+) \\1', replacement: x }\ndefaults:"),
            "matrix.yaml: scrubbers[0].pattern: '(\\w+) \\1' needs backtracking (a backreference, lookaround or atomic group), which can run without end on some output; give the rule a timeout"),
        new("a scrubber without its replacement", Replace("        timeout: 500ms", "        timeout: 500ms\n        scrubbers:\n          - pattern: 'pid \\d+'"),
            "matrix.yaml: binaries[0].cases[1].scrubbers[0].replacement: missing: what replaces each match"),

        // Durations and sizes out of range.
        new("a duration that overflows", Replace("timeout: 500ms", "timeout: 9999999999h"),
            "matrix.yaml: binaries[0].cases[1].timeout: '9999999999h' is not a duration"),
        new("a duration of more digits than any number", Replace("timeout: 10s", $"timeout: {new string('9', 400)}s"),
            $"matrix.yaml: defaults.timeout: '{new string('9', 400)}s' is not a duration"),
        new("a size that overflows", Replace("defaults:", "runner:\n  memory: 99999999999g\ndefaults:"),
            "matrix.yaml: runner.memory: '99999999999g' is too large: at most 1024g"),
        new("an output limit past 2 GiB", Replace("defaults:", "runner:\n  output: 3g\ndefaults:"),
            "matrix.yaml: runner.output: '3g' is too large: at most 1g"),

        // Files that are not binaries.
        new("a directory as path", Replace("bin/{platform}/hello", "bin/{platform}"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64' is a directory; name the binary in it"),
        new("a link to nothing as path", Replace("bin/{platform}/hello", "bin/{platform}/gone"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/gone' is a link to nothing ({dir}/bin/linux-amd64/hello-old)",
            Arrange: directory => Link(directory, "gone", "hello-old")),
        new("an unreadable binary", Replace("bin/{platform}/hello", "bin/{platform}/locked"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/locked' cannot be read: Permission denied",
            Arrange: directory => Copy(directory, "locked", File.ReadAllBytes, UnixFileMode.None), Unprivileged: true),
        new("a text file as binary", Replace("bin/{platform}/hello", "bin/notes.txt"),
            "matrix.yaml: binaries[0].path: {dir}/bin/notes.txt: not a readable ELF file: it does not start with the ELF magic bytes"),
        new("an empty binary", Replace("bin/{platform}/hello", "bin/{platform}/empty"),
            "matrix.yaml: binaries[0].path: {dir}/bin/linux-amd64/empty: not a readable ELF file",
            Arrange: directory => Copy(directory, "empty", _ => [])),
        new("a truncated ELF", Replace("bin/{platform}/hello", "bin/{platform}/truncated"),
            "matrix.yaml: binaries[0].path: {dir}/bin/linux-amd64/truncated: not a readable ELF file",
            Arrange: directory => Copy(directory, "truncated", path => File.ReadAllBytes(path)[..200])),
        new("an ELF whose program headers lie past its end", Replace("bin/{platform}/hello", "bin/{platform}/corrupt"),
            "matrix.yaml: binaries[0].path: {dir}/bin/linux-amd64/corrupt: not a readable ELF file",
            Arrange: directory => Copy(directory, "corrupt", Corrupt)),
        new("a #! script as binary", Replace("bin/{platform}/hello", "bin/{platform}/run.sh"),
            "matrix.yaml: binaries[0].path: {dir}/bin/linux-amd64/run.sh: a #! script (/bin/sh), not a binary: name the binary it starts",
            Arrange: directory => Copy(directory, "run.sh", _ => "#!/bin/sh\nexec ./hello \"$@\"\n"u8.ToArray())),

        // Files that are not regular files of a real file system, named as the binary (links followed), in a bundle or
        // as the matrix: opening a FIFO waits for ever, reading a device may never end, /proc and /sys make up their
        // files when read.
        new("a character device as binary", Replace("bin/{platform}/hello", "bin/{platform}/zero"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/zero' is a character device, not a binary: name a regular file",
            Arrange: directory => Special(directory, "zero", "c", "1", "5")),
        new("a block device as binary", Replace("bin/{platform}/hello", "bin/{platform}/loop"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/loop' is a block device, not a binary: name a regular file",
            Arrange: directory => Special(directory, "loop", "b", "7", "0")),
        new("a FIFO as binary", Replace("bin/{platform}/hello", "bin/{platform}/pipe"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/pipe' is a FIFO (named pipe), not a binary: name a regular file",
            Arrange: directory => Special(directory, "pipe", "p")),
        new("a socket as binary", Replace("bin/{platform}/hello", "bin/{platform}/socket"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/socket' is a socket, not a binary: name a regular file",
            Arrange: Socket),
        new("a link to a device as binary", Replace("bin/{platform}/hello", "bin/{platform}/null"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/null' is a character device, not a binary: name a regular file",
            Arrange: directory => Link(directory, "null", "/dev/null")),
        new("a /proc file as binary", Replace("bin/{platform}/hello", "/proc/self/status"),
            "matrix.yaml: binaries[0].path: '/proc/self/status' is a file of the kernel's proc file system, made up when read, not a binary"),
        new("a /sys file as binary", Replace("bin/{platform}/hello", "/sys/devices/system/cpu/online"),
            "matrix.yaml: binaries[0].path: '/sys/devices/system/cpu/online' is a file of the kernel's sysfs file system, made up when read, not a binary"),
        new("a file larger than any binary", Replace("bin/{platform}/hello", "bin/{platform}/huge"),
            "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/huge' is 3 GiB, more than DeployMatrix reads as a binary (at most 2 GiB)",
            Arrange: directory => Sparse(directory, "huge", 3L << 30)),
        new("a FIFO in a bundle", Replace("    path: bin/{platform}/hello", "    bundle: bin/{platform}\n    path: bin/{platform}/hello"),
            "matrix.yaml: binaries[0].bundle: '{dir}/bin/linux-amd64/pipe' is a FIFO (named pipe), not a file of a bundle: name a regular file; every file of a bundle is copied into the container",
            Arrange: directory => Special(directory, "pipe", "p")),
        new("a bundle in /proc", Replace("    path: bin/{platform}/hello", "    bundle: /proc/self\n    path: /proc/self/exe"),
            "matrix.yaml: binaries[0].bundle: '/proc/self' is a directory of the kernel's proc file system, not a bundle"),
        new("a device as the matrix", _ => "", "device.yaml: matrix: is a character device, not a matrix: name a regular file",
            Arguments: ["run", "device.yaml"], Arrange: directory => Node(Path.Combine(directory, "device.yaml"), "c", "1", "5")),
        new("a FIFO as the matrix", _ => "", "pipe.yaml: matrix: is a FIFO (named pipe), not a matrix: name a regular file",
            Arguments: ["run", "pipe.yaml"], Arrange: directory => Node(Path.Combine(directory, "pipe.yaml"), "p")),
        new("a /proc file as the matrix", _ => "", "/proc/self/environ: matrix: is a file of the kernel's proc file system, made up when read, not a matrix",
            Arguments: ["run", "/proc/self/environ"]),
        new("a file larger than any matrix", _ => "", "huge.yaml: matrix: is 64 MiB, more than DeployMatrix reads as a matrix (at most 16 MiB)",
            Arguments: ["run", "huge.yaml"], Arrange: directory => SparseFile(Path.Combine(directory, "huge.yaml"), 64L << 20)),

        // YAML that would take without bound to read: aliases of aliases ("billion laughs"), nesting thousands deep.
        new("aliases that expand without bound", yaml => LaughingAliases + yaml,
            "matrix.yaml: line 5, column 45: its aliases expand the matrix past 100000 nodes"),
        new("lists nested thousands of levels deep", yaml => "deep: " + new string('[', 5000) + new string(']', 5000) + "\n" + yaml,
            "matrix.yaml: line 1, column 38: lists and mappings nest more than 32 levels deep here"),

        // Values that cannot reach a process unchanged.
        new("a NUL in an argument", Replace("args: [one, two words]", "args: [\"one\\0two\", two words]"),
            "matrix.yaml: binaries[0].cases[1].args[0]: holds a NUL character (at 3), which ends a C string"),
        new("a NUL in an environment value", Replace("DM_GREETING: hi", "DM_GREETING: \"h\\0i\""),
            "matrix.yaml: binaries[0].cases[1].env.DM_GREETING: holds a NUL character (at 1), which ends a C string"),
        new("a NUL in an environment name", Replace("DM_GREETING: hi", "\"DM\\0GREETING\": hi"),
            "matrix.yaml: binaries[0].cases[1].env.DM"),
        new("a lone surrogate in an argument", Replace("args: [one, two words]", "args: [\"one\\uD800\", two words]"),
            "matrix.yaml: line 10, column 16: not valid YAML: While scanning a quoted scalar, found invalid Unicode surrogates"),
        new("a lone surrogate in stdin", Replace("stdin: \"line\\n\"", "stdin: \"line\\uDC00\""),
            "matrix.yaml: line 12, column 16: not valid YAML: While scanning a quoted scalar, found invalid Unicode surrogates"),
        new("an argument longer than the kernel passes", Replace("args: [one, two words]", $"args: [{new string('x', 200_000)}, two words]"),
            "matrix.yaml: binaries[0].cases[1].args[0]: is 200000 bytes long; the kernel passes a program no argument or variable of 131072 bytes or more"),

        // Names that would make files elsewhere, or the same cell twice.
        new("a binary name that climbs out of the snapshots", Replace("name: hello", "name: ../../etc/hello"),
            "matrix.yaml: binaries[0].name: '../../etc/hello' may hold only letters, digits"),
        new("a case name with a slash", Replace("name: greeting", "name: greet/ing"),
            "matrix.yaml: binaries[0].cases[1].name: 'greet/ing' may hold only letters, digits"),
        new("a target name that is a dot", Replace("name: musl", "name: .."),
            "matrix.yaml: targets[1].name: '..' may hold only letters, digits"),
        new("a case name given twice", Replace("name: greeting", "name: plain"),
            "matrix.yaml: binaries[0].cases[1].name: duplicate name 'plain' (also binaries[0].cases[0])"),
        new("target names that differ only in case", Replace("name: musl", "name: Debian-12"),
            "matrix.yaml: targets[1].name: duplicate name 'Debian-12' (also targets[0])"),
        new("a platform listed twice", Replace("platforms: [linux/amd64, linux/arm64]", "platforms: [linux/amd64, linux/arm64, linux/amd64]"),
            "matrix.yaml: binaries[0].platforms[2]: 'linux/amd64' is listed twice (also binaries[0].platforms[0]): it would make the same cells twice"),

        // Platforms and images.
        new("a target with neither an image nor a root", Replace("    image: deploymatrix/musl:1.2.3-{arch}\n", ""),
            "matrix.yaml: targets[1].image: missing: the image to run in, or rootfs: a root file system directory"),
        new("a target with an image and a root", Replace("    image: deploymatrix/musl:1.2.3-{arch}\n", "    image: deploymatrix/musl:1.2.3-{arch}\n    rootfs: bin\n"),
            "matrix.yaml: targets[1].image: give either an image or rootfs, not both"),
        new("a root that is not a directory", Replace("    image: deploymatrix/musl:1.2.3-{arch}\n", "    rootfs: roots/musl-{arch}\n"),
            "matrix.yaml: targets[1].rootfs: 'roots/musl-amd64' is not a directory (for linux/amd64: {dir}/roots/musl-amd64); export an image's root file system into it: mkdir -p roots/musl-amd64 && docker export $(docker create --platform linux/amd64 IMAGE) | tar -x -C roots/musl-amd64"),
        new("an unknown platform", Replace("[linux/amd64, linux/386, linux/arm64]", "[linux/amd64, linux/ppc64le]"),
            "matrix.yaml: targets[0].platforms[1]: unknown platform 'linux/ppc64le'"),
        new("an image reference with capitals", Replace("deploymatrix/musl:1.2.3-{arch}", "DeployMatrix/musl:1.2.3-{arch}"),
            "matrix.yaml: targets[1].image: 'DeployMatrix/musl:1.2.3-{arch}' is not an image reference:"),
        new("an image reference with a space", Replace("deploymatrix/musl:1.2.3-{arch}", "\"deploymatrix/musl 1.2.3\""),
            "matrix.yaml: targets[1].image: 'deploymatrix/musl 1.2.3' is not an image reference:"),
        new("an image digest that is not sha256 hex", Replace("deploymatrix/musl:1.2.3-{arch}", "deploymatrix/musl@sha256:abc"),
            "matrix.yaml: targets[1].image: 'deploymatrix/musl@sha256:abc' is not an image reference:"),
        new("an unknown placeholder in an image", Replace("deploymatrix/musl:1.2.3-{arch}", "deploymatrix/musl:1.2.3-{platform}"),
            "matrix.yaml: targets[1].image: 'deploymatrix/musl:1.2.3-{platform}' is not an image reference:"),

        // Overrides.
        new("an unknown target in an environment filter", Identity, "environment variable DEPLOYMATRIX_FILTER__TARGETS: filter.targets: 'debian-99' names nothing",
            Environment: new Dictionary<string, string> { ["DEPLOYMATRIX_FILTER__TARGETS"] = "debian-99" }),
        new("a bad timeout on the command line", Identity, "command line --defaults:timeout: defaults.timeout: 'soon' is not a duration",
            Arguments: ["run", "matrix.yaml", "--defaults:timeout=soon"]),
    ];

    public static TheoryData<string> BadInputs => new(Inputs.Select(input => input.Name));

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_input_is_one_line_naming_the_file_key_and_value_and_starts_nothing(string name)
    {
        var input = Inputs.Single(i => i.Name == name);
        using var file = new MatrixFile(input.Edit(MatrixFile.Example));
        input.Arrange?.Invoke(file.Directory);

        var result = await RunAsync(file, input);

        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(input.Message.Replace("{dir}", file.Directory, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task The_example_matrix_gets_as_far_as_the_engine_so_the_bad_rows_stopped_before_it()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var result = await DeployMatrixCli.RunAsync(["run", "matrix.yaml"], file.Directory, NoEngine);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/deploymatrix-no-engine.sock", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_covers_at_least_25_bad_inputs_of_distinct_names() =>
        Assert.True(Inputs.Length >= 25 && Inputs.DistinctBy(i => i.Name).Count() == Inputs.Length, $"{Inputs.Length} rows");

    private static Task<BufferedCommandResult> RunAsync(MatrixFile file, BadInput input)
    {
        // Within seconds and in the memory of a normal run: a row that hangs is killed, one that needs more heap fails.
        var environment = new Dictionary<string, string>(NoEngine) { ["DOTNET_GCHeapHardLimit"] = HeapLimit };
        foreach (var (key, value) in input.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        // As root, only a process without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH is refused a mode-000 file.
        var launcher = input.Unprivileged
            ? (string[])["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", "--"]
            : [];
        return DeployMatrixCli.RunAsync(input.Arguments ?? ["run", "matrix.yaml"], file.Directory, environment, launcher: launcher, deadline: Deadline);
    }

    /// <summary>Nine levels of ten aliases each: a billion nodes once expanded.</summary>
    private static readonly string LaughingAliases = string.Concat(Enumerable.Range(0, 9).Select(level =>
        level == 0
            ? "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
            : $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n"));

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>300 MB of managed heap, in hex as the runtime reads it.</summary>
    private const string HeapLimit = "0x11E1A300";

    private static Func<string, string> Replace(string original, string replacement) => yaml =>
        yaml.Contains(original, StringComparison.Ordinal)
            ? yaml.Replace(original, replacement, StringComparison.Ordinal)
            : throw new ArgumentException($"The example matrix holds no '{original}'.", nameof(original));

    private static string Identity(string yaml) => yaml;

    /// <summary>Writes <paramref name="name"/> beside hello on every platform, made from hello's path.</summary>
    private static void Copy(string directory, string name, Func<string, byte[]> content, UnixFileMode? mode = null)
    {
        foreach (var bin in Directory.GetDirectories(Path.Combine(directory, "bin")))
        {
            var path = Path.Combine(bin, name);
            File.WriteAllBytes(path, content(Path.Combine(bin, "hello")));
            if (mode is { } m && OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(path, m);
            }
        }
    }

    /// <summary>A special file beside hello on every platform: <c>mknod NAME TYPE [MAJOR MINOR]</c>.</summary>
    private static void Special(string directory, string name, params string[] node)
    {
        foreach (var bin in Directory.GetDirectories(Path.Combine(directory, "bin")))
        {
            Node(Path.Combine(bin, name), node);
        }
    }

    private static void Node(string path, params string[] node) =>
        CliWrap.Cli.Wrap("mknod").WithArguments([path, .. node]).ExecuteAsync().Task.GetAwaiter().GetResult();

    /// <summary>A socket file beside hello on every platform: bound, then linked under its name, since .NET unlinks the bound name when the socket closes.</summary>
    private static void Socket(string directory)
    {
        foreach (var bin in Directory.GetDirectories(Path.Combine(directory, "bin")))
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(bin, "socket.bound")));
            CliWrap.Cli.Wrap("ln").WithArguments([Path.Combine(bin, "socket.bound"), Path.Combine(bin, "socket")]).ExecuteAsync().Task.GetAwaiter().GetResult();
        }
    }

    /// <summary>A file of <paramref name="length"/> bytes that takes no room: a hole, after hello's first bytes.</summary>
    private static void Sparse(string directory, string name, long length)
    {
        foreach (var bin in Directory.GetDirectories(Path.Combine(directory, "bin")))
        {
            File.Copy(Path.Combine(bin, "hello"), Path.Combine(bin, name));
            SparseFile(Path.Combine(bin, name), length);
        }
    }

    private static void SparseFile(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
        stream.SetLength(length);
    }

    private static void Link(string directory, string name, string target)
    {
        foreach (var bin in Directory.GetDirectories(Path.Combine(directory, "bin")))
        {
            File.CreateSymbolicLink(Path.Combine(bin, name), target);
        }
    }

    /// <summary>hello with its program header table moved past the end of the file (e_phoff, at 0x20 in ELF64, 0x1c in ELF32).</summary>
    private static byte[] Corrupt(string hello)
    {
        var bytes = File.ReadAllBytes(hello);
        var is64 = bytes[4] == 2;
        BitConverter.GetBytes(uint.MaxValue - 8).CopyTo(bytes, is64 ? 0x20 : 0x1c);
        return bytes;
    }

    private sealed record BadInput(
        string Name,
        Func<string, string> Edit,
        string Message,
        Action<string>? Arrange = null,
        string[]? Arguments = null,
        IReadOnlyDictionary<string, string>? Environment = null,
        bool Unprivileged = false);
}
