using System.Diagnostics;
using DeployMatrix.Elf;

namespace DeployMatrix.Platforms;

/// <summary>
/// Makes every known platform runnable on this host: where the kernel refuses a platform's binaries, it registers
/// Debian's qemu-user-static for them with binfmt_misc, with flag <c>F</c> so that containers need no emulator of
/// their own and flag <c>P</c> so that a program sees the argv[0] it was started with, as binfmt-support's entries
/// do. Idempotent: a platform that already runs (natively or emulated) is left as it is.
/// </summary>
internal static class EmulatorRegistration
{
    /// <summary>The prefix of the entries this registers, apart from those of Debian's binfmt-support.</summary>
    public const string EntryPrefix = "deploymatrix-qemu-";

    /// <summary>
    /// Where the <c>ARCH-binfmt-P</c> links to qemu live. qemu takes the argument list of flag <c>P</c> (the file
    /// name, then the original argv[0]) only when started under a name ending in <c>-binfmt-P</c>; Debian ships such
    /// links for some architectures only (not i386 on amd64), so the entries here use links of their own.
    /// </summary>
    public const string LinkDirectory = "/var/lib/deploymatrix/qemu-binfmt";

    private const string Flags = "PF";

    /// <param name="binfmt">The kernel's binfmt_misc.</param>
    /// <param name="say">Told of every change made.</param>
    /// <returns>The host as measured afterwards.</returns>
    /// <exception cref="DeployMatrixException">A platform still cannot run, and why: no emulator installed, binfmt_misc not mountable.</exception>
    public static HostExecution RegisterWhereRefused(BinfmtMisc binfmt, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(binfmt);
        ArgumentNullException.ThrowIfNull(say);
        ReplaceEntriesWithoutArgv0(binfmt, say);
        var before = HostExecution.Measure(binfmt);
        foreach (var execution in before.Platforms)
        {
            if (execution is { Mode: ExecutionMode.Emulated, Entry: { WorksInContainers: false } entry })
            {
                throw new DeployMatrixException(
                    $"{execution.Platform} is emulated through the binfmt_misc entry {entry.Name} (flags '{entry.Flags}'), which lacks the F flag: " +
                    $"containers cannot reach its interpreter {entry.Interpreter}. Remove it (echo -1 > {Path.Combine(binfmt.Directory, entry.Name)}) " +
                    "and run this again to register one with F.");
            }

            if (execution is { Mode: ExecutionMode.Emulated, Entry: { } other } && !other.Flags.Contains('P', StringComparison.Ordinal))
            {
                say($"warning: {execution.Platform} is emulated through the binfmt_misc entry {other.Name} (flags '{other.Flags}'), which lacks " +
                    "the P flag: programs lose their argv[0], and busybox in the i386 and arm64 images runs every applet as sh. Remove it " +
                    $"(echo -1 > {Path.Combine(binfmt.Directory, other.Name)}) and run this again to register one with P and F.");
            }
        }

        var refused = before.Platforms.Where(p => p.Mode == ExecutionMode.Refused).ToList();
        if (refused.Count == 0)
        {
            return before;
        }

        Mount(binfmt, refused);
        foreach (var execution in refused)
        {
            Register(binfmt, execution, say);
        }

        var after = HostExecution.Measure(binfmt);
        var still = after.Platforms.Where(p => p.Mode == ExecutionMode.Refused).ToList();
        return still.Count == 0
            ? after
            : throw new DeployMatrixException(
                "Registered, yet this host still cannot run " + string.Join("; ", still.Select(p => p.Describe())));
    }

    /// <summary>The entry that hands a platform's executables and shared objects to its emulator.</summary>
    public static BinfmtEntry EntryFor(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        // As qemu's qemu-binfmt-conf.sh writes them: ELF identification, ET_EXEC or ET_DYN, the machine; the OS ABI ignored.
        byte[] magic = [0x7f, (byte)'E', (byte)'L', (byte)'F', (byte)platform.Class, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, .. Machine(platform.Machine)];
        byte[] mask = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff];
        var link = Path.Combine(LinkDirectory, $"{platform.QemuArchitecture}-binfmt-P");
        return new BinfmtEntry(EntryPrefix + platform.QemuArchitecture, true, link, Flags, 0, magic, mask);
    }

    /// <summary>
    /// Removes the entries an earlier version registered without flag <c>P</c>: under them busybox, which picks its
    /// applet by argv[0], ran every applet as <c>sh</c> (<c>echo a b | wc -w</c> said <c>illegal option -w</c>),
    /// where a host with binfmt-support's entries ran <c>wc</c>.
    /// </summary>
    private static void ReplaceEntriesWithoutArgv0(BinfmtMisc binfmt, Action<string> say)
    {
        foreach (var stale in binfmt.Entries().Where(e => e.Name.StartsWith(EntryPrefix, StringComparison.Ordinal) && !e.Flags.Contains('P', StringComparison.Ordinal)))
        {
            binfmt.Remove(stale);
            say($"removed the binfmt_misc entry {stale.Name} (flags {stale.Flags}): it lacks flag P and is registered again with it");
        }
    }

    private static byte[] Machine(ElfMachine machine) => [(byte)((ushort)machine & 0xff), (byte)((ushort)machine >> 8)];

    private static void Register(BinfmtMisc binfmt, PlatformExecution execution, Action<string> say)
    {
        var platform = execution.Platform;
        var probe = ProbeElf.For(platform);
        var disabled = binfmt.Entries().FirstOrDefault(e => !e.Enabled && e.WorksInContainers && (e with { Enabled = true }).Claims(probe));
        if (disabled is not null)
        {
            binfmt.Enable(disabled);
            say($"{platform}: {execution.Detail}; enabled the binfmt_misc entry {disabled.Name} ({disabled.Interpreter}, flags {disabled.Flags})");
            return;
        }

        var entry = EntryFor(platform);
        if (!File.Exists(platform.QemuStatic))
        {
            throw new DeployMatrixException(
                $"{platform}: {execution.Detail}, and its emulator {platform.QemuStatic} is not installed: apt-get install qemu-user-static");
        }

        LinkEmulator(entry.Interpreter, platform.QemuStatic);
        binfmt.Register(entry);
        say($"{platform}: {execution.Detail}; registered {platform.QemuStatic} (as {entry.Interpreter}) with binfmt_misc as {entry.Name} (flags {entry.Flags})");
    }

    private static void LinkEmulator(string link, string emulator)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            if (new FileInfo(link).LinkTarget != emulator)
            {
                File.Delete(link);
                File.CreateSymbolicLink(link, emulator);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployMatrixException($"Could not link {link} to {emulator}: {e.Message} (it needs root)", e);
        }
    }

    private static void Mount(BinfmtMisc binfmt, IReadOnlyList<PlatformExecution> needing)
    {
        if (binfmt.IsMounted)
        {
            return;
        }

        var platforms = string.Join(", ", needing.Select(p => p.Platform));
        string problem;
        try
        {
            using var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "binfmt_misc", "binfmt_misc", binfmt.Directory])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            problem = mount.StandardError.ReadToEnd().Split('\n')[0].Trim();
            mount.WaitForExit();
            if (mount.ExitCode == 0 && binfmt.IsMounted)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            problem = e.Message;
        }

        throw new DeployMatrixException(
            $"This host's kernel refuses {platforms} binaries, and binfmt_misc is not mounted at {binfmt.Directory} and cannot be " +
            $"mounted ({(problem.Length > 0 ? problem : "mount failed")}); it needs root. In a container, register the emulators on " +
            "the host instead (or run the container --privileged), or leave these platforms out with --filter:platforms=…");
    }
}
