namespace DeployMatrix.Platforms;

/// <summary>
/// A what-if for the host: run as if it were another platform, or as if some platforms were emulated. Cells still
/// run on this machine; only how their results are judged follows the assumption, which is how the specs show that
/// snapshots do not depend on the host.
/// </summary>
/// <param name="Platform">Judge as on a host of this platform: its own binaries (and their 32-bit kin) native, the rest emulated.</param>
/// <param name="Emulated">Judge these platforms as emulated, whatever the host.</param>
internal sealed record HostAssumption(Platform? Platform, IReadOnlyList<Platform> Emulated)
{
    public static readonly HostAssumption None = new(null, []);

    /// <summary>The machines a kernel of each platform executes itself: 64-bit kernels run their 32-bit kin.</summary>
    private static readonly Dictionary<Platform, Platform[]> NativeOn = new()
    {
        [KnownPlatforms.Amd64] = [KnownPlatforms.Amd64, KnownPlatforms.I386],
        [KnownPlatforms.I386] = [KnownPlatforms.I386],
        [KnownPlatforms.Arm64] = [KnownPlatforms.Arm64],
    };

    public bool IsNone => Platform is null && Emulated.Count == 0;

    /// <summary>How a platform is judged under this assumption, given how it was measured.</summary>
    public PlatformExecution Apply(PlatformExecution measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var platform = measured.Platform;
        if (Emulated.Contains(platform))
        {
            return Assumed(platform, ExecutionMode.Emulated, $"assumed: host.emulated names {platform}");
        }

        if (Platform is null)
        {
            return measured;
        }

        return NativeOn[Platform].Contains(platform)
            ? Assumed(platform, ExecutionMode.Native, $"assumed: host.platform is {Platform}")
            : Assumed(platform, ExecutionMode.Emulated, $"assumed: host.platform is {Platform}");
    }

    private static PlatformExecution Assumed(Platform platform, ExecutionMode mode, string detail) =>
        new(platform, mode, mode == ExecutionMode.Emulated ? "an emulator (assumed)" : null, null, detail);
}
