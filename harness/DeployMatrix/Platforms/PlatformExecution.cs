namespace DeployMatrix.Platforms;

/// <summary>How this host runs one platform's binaries, as measured (or, for a what-if run, as assumed).</summary>
/// <param name="Platform">The platform.</param>
/// <param name="Mode">Natively, through an emulator, or not at all.</param>
/// <param name="Emulator">The program the kernel started in the binary's place, when emulated.</param>
/// <param name="Entry">The binfmt_misc entry that claimed the binary, when it can be read.</param>
/// <param name="Detail">How this was found: the probe's result, or the setting that assumed it.</param>
internal sealed record PlatformExecution(Platform Platform, ExecutionMode Mode, string? Emulator, BinfmtEntry? Entry, string Detail)
{
    public bool IsEmulated => Mode == ExecutionMode.Emulated;

    /// <summary>One line for reports: <c>linux/arm64: emulated by /usr/bin/qemu-aarch64-static (binfmt_misc qemu-aarch64, flags PF)</c>.</summary>
    public string Describe() => Mode switch
    {
        ExecutionMode.Native => $"{Platform}: native ({Detail})",
        ExecutionMode.Emulated => $"{Platform}: emulated by {Emulator}" +
                                  (Entry is null ? "" : $" (binfmt_misc {Entry.Name}, flags {Entry.Flags})") + $"; {Detail}",
        _ => $"{Platform}: refused ({Detail})",
    };
}
