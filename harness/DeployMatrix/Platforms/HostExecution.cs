namespace DeployMatrix.Platforms;

/// <summary>
/// How this host runs each known platform's binaries: measured by executing a probe of each (never assumed from
/// the host's architecture), then adjusted by a <see cref="HostAssumption"/> for what-if runs. A run through an
/// emulator proves the binary can start; what it proves beyond that is weighed by the explanation.
/// </summary>
internal sealed class HostExecution
{
    private readonly Dictionary<Platform, PlatformExecution> _platforms;

    private HostExecution(IEnumerable<PlatformExecution> platforms, HostAssumption assumption, HostExecution? measured)
    {
        _platforms = platforms.ToDictionary(p => p.Platform);
        Assumption = assumption;
        Measured = measured ?? this;
    }

    /// <summary>The what-if this table follows; <see cref="HostAssumption.None"/> for the measured host.</summary>
    public HostAssumption Assumption { get; }

    /// <summary>The table as measured, before any assumption: what cells can really run on.</summary>
    public HostExecution Measured { get; }

    /// <summary>Every known platform, in <see cref="KnownPlatforms.All"/> order.</summary>
    public IReadOnlyList<PlatformExecution> Platforms => [.. KnownPlatforms.All.Select(For)];

    /// <summary>Probes every known platform on this host.</summary>
    public static HostExecution Measure(BinfmtMisc? binfmt = null) =>
        new(KnownPlatforms.All.Select(p => ExecutionProbe.Run(p, ProbeElf.For(p), binfmt ?? BinfmtMisc.Host)), HostAssumption.None, null);

    /// <summary>A table as given, for specs of what depends on it.</summary>
    public static HostExecution Of(IEnumerable<PlatformExecution> platforms) => new(platforms, HostAssumption.None, null);

    public PlatformExecution For(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return _platforms.TryGetValue(platform, out var execution)
            ? execution
            : new PlatformExecution(platform, ExecutionMode.Refused, null, null, "not measured");
    }

    /// <summary>The same host judged under <paramref name="assumption"/>.</summary>
    public HostExecution Assuming(HostAssumption assumption)
    {
        ArgumentNullException.ThrowIfNull(assumption);
        return assumption.IsNone ? this : new(Measured._platforms.Values.Select(assumption.Apply), assumption, Measured);
    }
}
