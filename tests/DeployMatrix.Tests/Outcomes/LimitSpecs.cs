using DeployMatrix.Containers;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>
/// Which limits of its container a run met, from the engine's flags and the errors the program printed in glibc's or
/// musl's words; each named with its value in the run's settings.
/// </summary>
public sealed class LimitSpecs
{
    private static readonly Verdict Ran = new Verdict.Ran(0);

    private static RunEvidence Run(ContainerResult result) => new(result, "/app/program", null, TimeSpan.FromSeconds(3));

    private static RunEvidence Printed(string stdout, string stderr = "") => Run(new ContainerResult { ExitCode = 0, Stdout = stdout, Stderr = stderr });

    private static IReadOnlyList<string> Met(RunEvidence evidence, ContainerLimits? limits = null, Verdict? verdict = null) =>
        [.. LimitClassifier.Default.Classify(evidence, limits ?? RunnerSettings.Default.Limits, verdict ?? Ran).Select(l => l.Text)];

    [Theory]
    [InlineData("exhaust-fds: open /dev/null: Too many open files")] // glibc
    [InlineData("exhaust-fds: open /dev/null: No file descriptors available")] // musl
    [InlineData("open /dev/null: too many open files")] // Go
    public void Glibcs_musls_and_Gos_words_for_EMFILE_are_the_open_file_limit(string line)
    {
        Assert.Equal(["open files (1024): no file descriptor left"], Met(Printed(line + "\n")));
    }

    [Theory]
    [InlineData("connect: Network is unreachable")] // glibc
    [InlineData("connect: Network unreachable")] // musl
    public void Both_C_libraries_words_for_ENETUNREACH_are_the_missing_network(string line)
    {
        Assert.Equal(["network: none, the container has only its loopback interface"], Met(Printed("", line)));
    }

    [Fact]
    public void Resource_temporarily_unavailable_is_the_process_limit_only_from_a_call_that_makes_a_process()
    {
        Assert.Equal(["processes (64): fork refused at the container's process limit"], Met(Printed("bash: fork: retry: Resource temporarily unavailable\n")));
        Assert.Empty(Met(Printed("read stdin: Resource temporarily unavailable\n")));
    }

    [Fact]
    public void An_error_text_counts_only_where_perror_puts_it_at_the_end_of_a_line()
    {
        Assert.Empty(Met(Printed("No space left on device is what this program prints first\n")));
        Assert.Equal(["scratch /tmp (64 MiB): full"], Met(Printed("first line\r\nwrite /tmp/a: No space left on device\r\n")));
    }

    [Fact]
    public void Under_a_read_only_root_the_scratch_directories_and_their_size_come_from_the_runs_settings()
    {
        var limits = RunnerSettings.Default.Limits with { Root = RootFileSystem.ReadOnly, Writable = ["/tmp", "/var/cache/app"], ScratchBytes = 16L << 20 };

        Assert.Equal(
            ["scratch /tmp, /var/cache/app (16 MiB): full", "read-only root file system, writable only in /tmp, /var/cache/app"],
            Met(Printed("write: No space left on device\nopen /etc/x: Read-only file system\n"), limits));
    }

    [Theory]
    [InlineData("fill-disk: wrote 64 MiB to /tmp/fill, then write: No space left on device", "scratch /tmp (64 MiB): full")]
    [InlineData("fill-disk: wrote 64 MiB to /var/fill, then write: No space left on device", "root file system (64 MiB of writes): full")]
    [InlineData("Error: failed to write cache: No space left on device (os error 28)", "root file system (64 MiB of writes): full")]
    public void On_a_writable_root_a_full_disk_is_the_scratch_when_the_line_names_it_else_the_root(string line, string limit)
    {
        Assert.Equal([limit], Met(Printed(line + "\n")));
    }

    [Theory]
    [InlineData("open /app/planted: Read-only file system")] // C, perror
    [InlineData("open /app/planted: read-only file system")] // Go
    [InlineData("Error creating cache directory: Read-only file system (os error 30)")] // Rust, std::io::Error
    [InlineData("OSError: [Errno 30] Read-only file system: '/app/planted'")] // Python
    [InlineData("Error: EROFS: read-only file system, open '/app/planted'")] // Node.js
    public void Each_languages_way_of_printing_an_errno_names_the_limit(string line)
    {
        Assert.Equal(
            ["read-only: the binary's directory /app and the kernel's /proc and /sys; the rest of the root file system is writable"],
            Met(Printed("", line + "\n")));
    }

    [Fact]
    public void Engine_flags_name_memory_timeout_and_output_in_the_tables_order()
    {
        var evidence = Run(new ContainerResult { ExitCode = 137, OutOfMemory = true, TimedOut = true, StderrTruncated = true });

        Assert.Equal(
            [
                "memory (256 MiB): killed by the kernel's out-of-memory killer",
                "timeout (3 s): still running at the deadline, killed with SIGKILL",
                "output (64 KiB per stream): stderr cut, the rest dropped",
            ],
            Met(evidence));
    }

    [Fact]
    public void A_limit_met_twice_is_named_once()
    {
        Assert.Single(Met(Printed("open /etc/passwd: Read-only file system\nopen /bin/sh: Read-only file system\n")));
    }

    [Fact]
    public void A_program_the_kernel_never_started_met_no_limit()
    {
        var evidence = Run(new ContainerResult { ExitCode = 1, Stderr = "exec /app/program: no such file or directory\n", OutOfMemory = true });

        Assert.Empty(Met(evidence, verdict: new Verdict.InterpreterMissing("/lib/ld-musl-x86_64.so.1")));
    }
}
