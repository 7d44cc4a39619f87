namespace DeployMatrix.Platforms;

/// <summary>
/// A what-if for the host: run as if it were another platform, or as if some platforms were emulated. Cells still
/// run on this machine; only how their results are judged follows the assumption, which is how the specs show that
/// snapshots do not depend on the host.
/// </summary>
/// <param name="Host">Judge as on a host of this platform: its own binaries (and their 32-bit kin) native, the rest emulated.</param>
/// <param name="Emulated">Judge these platforms as emulated, whatever the host.</param>
public sealed record HostAssumption(Platform? Host, IReadOnlyList<Platform> Emulated)
{
    public static readonly HostAssumption None = new(null, []);

    /// <summary>The machines a kernel of each platform executes itself: 64-bit kernels run their 32-bit kin.</summary>
    private static readonly Dictionary<Platform, Platform[]> NativeOn = new()
    {
        [KnownPlatforms.Amd64] = [KnownPlatforms.Amd64, KnownPlatforms.I386],
        [KnownPlatforms.I386] = [KnownPlatforms.I386],
        [KnownPlatforms.Arm64] = [KnownPlatforms.Arm64],
    };

    public bool IsNone => Host is null && Emulated.Count == 0;

    /// <summary>How a platform is judged under this assumption, given how it was measured.</summary>
    public PlatformExecution Apply(PlatformExecution measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var platform = measured.Platform;
        if (Emulated.Contains(platform))
        {
            return Assumed(platform, ExecutionMode.Emulated, $"assumed: host.emulated names {platform}");
        }

        if (Host is null)
        {
            return measured;
        }

        return NativeOn[Host].Contains(platform)
            ? Assumed(platform, ExecutionMode.Native, $"assumed: host.platform is {Host}")
            : Assumed(platform, ExecutionMode.Emulated, $"assumed: host.platform is {Host}");
    }

    /// <summary>As settings show it: <c>host.platform=linux/arm64</c>.</summary>
    public override string ToString() =>
        IsNone
            ? "none"
            : string.Join(", ", new[]
            {
                Host is null ? null : $"host.platform={Host}",
                Emulated.Count == 0 ? null : $"host.emulated={string.Join(",", Emulated)}",
            }.OfType<string>());

    private static PlatformExecution Assumed(Platform platform, ExecutionMode mode, string detail) =>
        new(platform, mode, mode == ExecutionMode.Emulated ? "an emulator (assumed)" : null, null, detail);
}
