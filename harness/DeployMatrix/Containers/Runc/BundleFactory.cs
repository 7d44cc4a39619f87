using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// Makes each request's container bundle, whichever runtime then starts it (<see cref="RuncContainerRunner"/>,
/// <see cref="Bubblewrap.BubblewrapContainerRunner"/>): its root over the image's own layers or its exported root
/// (<see cref="IBundleSource"/>), with the program's files
/// bound read-only from where they are on the host (nothing is copied, whatever a binary's size), and the engine's
/// own spec for the same limits (<see cref="RuncSpecTemplate"/>), filled in for this container. One per harness
/// session; it keeps the session's bundles (<see cref="RuncSession"/>).
/// </summary>
internal sealed class BundleFactory : IDisposable
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly IBundleSource _source;
    private readonly Func<bool> _isClosing;
    private readonly string? _linux32Launcher;
    private readonly ConcurrentDictionary<string, Lazy<Task<RuncSpecTemplate>>> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<string>> _executableCopies = new(StringComparer.Ordinal);

    private BundleFactory(IBundleSource source, Func<bool> isClosing, string? linux32Launcher, RuncSession session)
    {
        _source = source;
        _isClosing = isClosing;
        _linux32Launcher = linux32Launcher;
        Session = session;
    }

    public RuncSession Session { get; }

    /// <summary>Whether the session is ending: no container may start any more.</summary>
    public bool IsClosing => _isClosing();

    /// <summary>Bundles over <paramref name="source"/> in <paramref name="session"/>, which the factory owns with the source.</summary>
    public static BundleFactory Over(IBundleSource source, RuncSession session, Func<bool> isClosing, string? linux32Launcher) =>
        new(source, isClosing, linux32Launcher, session);

    /// <exception cref="RuncUnavailableException">Why bundles cannot be made on this host.</exception>
    public static BundleFactory Start(DockerEngine engine, ContainerJanitor janitor, string? linux32Launcher)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(janitor);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new RuncUnavailableException("runc and bubblewrap over the engine's layers need root, and this process is not root");
        }

        if (engine.Version.IsPodman)
        {
            // Podman keeps images in containers-storage and writes its specs elsewhere: nothing here reads either.
            throw new RuncUnavailableException(
                $"the engine is {engine.Version.Product}, and runc and bubblewrap read only Docker's overlay2 layers and container specs");
        }

        var runc = HostTool.Runc.Find() ?? throw new RuncUnavailableException("runc is not installed (apt-get install runc)");
        if (engine.Endpoint.Scheme != "unix")
        {
            throw new RuncUnavailableException($"the engine at {engine.Endpoint} is not on this machine, so its image layers are not either");
        }

        return new BundleFactory(
            new EngineBundleSource(engine.CreateClient(), janitor), () => janitor.IsClosing, linux32Launcher, RuncSession.Start(runc, janitor.SessionId));
    }

    /// <summary>
    /// Takes the engine's spec for <paramref name="limits"/> and checks that every image can be run, so that a matrix
    /// learns before any cell runs whether it can.
    /// </summary>
    /// <exception cref="RuncUnavailableException">Why it cannot.</exception>
    public async Task<RuncSpecTemplate> PrepareAsync(ContainerLimits limits, IReadOnlyList<(string Image, Platform Platform)> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        await Task.WhenAll(images.Select(image => _source.ImageAsync(image.Image, cancellationToken))).ConfigureAwait(false);
        return await TemplateAsync(limits, images, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request's bundle, its root mounted and its spec written; the caller disposes it.</summary>
    public async Task<(RuncBundle Bundle, JsonObject Spec)> CreateAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = await TemplateAsync(request.Limits, [(request.Image, request.Platform)], cancellationToken).ConfigureAwait(false);
        var image = await _source.ImageAsync(request.Image, cancellationToken).ConfigureAwait(false);
        var files = Launch.Files(request, _linux32Launcher).Select(Executable).ToList();
        var bundle = RuncBundle.Create(Session.Directory, Session.NextId(), image, template.Etc, request.Limits.RootBytes, Session.Mounts);
        try
        {
            var spec = RuncSpec.For(template, request, image, bundle, files);
            bundle.Write(spec);
            return (bundle, spec);
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Session.Dispose();
        _source.Dispose();
    }

    private Task<RuncSpecTemplate> TemplateAsync(
        ContainerLimits limits, IReadOnlyList<(string Image, Platform Platform)> candidates, CancellationToken cancellationToken)
    {
        // A record with a list compares the list by reference: the key is the limits as written out.
        var key = JsonSerializer.Serialize(limits);
        var template = _templates.GetOrAdd(key, _ => new Lazy<Task<RuncSpecTemplate>>(
            () => _source.TemplateAsync(limits, NativeFirst(candidates), cancellationToken)));
        return AwaitOrForgetAsync(key, template);
    }

    private async Task<RuncSpecTemplate> AwaitOrForgetAsync(string key, Lazy<Task<RuncSpecTemplate>> template)
    {
        try
        {
            return await template.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed or cancelled capture is not kept: the next request tries again.
            _templates.TryRemove(KeyValuePair.Create(key, template));
            throw;
        }
    }

    /// <summary>Images of the host's own platform first: an emulated <c>sleep</c> starts slower.</summary>
    private static IEnumerable<(string Image, Platform Platform)> NativeFirst(IEnumerable<(string Image, Platform Platform)> candidates) =>
        candidates.Distinct().OrderBy(c => c.Platform == KnownPlatforms.Host() ? 0 : 1);

    /// <summary>
    /// The file itself when it has an execute bit; otherwise a copy with 0755, once per session, as the engine's
    /// volume gives every file (root runs a file with any execute bit).
    /// </summary>
    private ContainerFile Executable(ContainerFile file)
    {
        // These runtimes exist on Linux only; the guard is for the platform analyzer.
        if (!OperatingSystem.IsLinux() || (File.GetUnixFileMode(file.HostPath) & AnyExecute) != 0)
        {
            return file;
        }

        var copy = _executableCopies.GetOrAdd(file.HostPath, path => new Lazy<string>(() => CopyExecutable(path))).Value;
        return file with { HostPath = copy };
    }

    private string CopyExecutable(string path)
    {
        var target = Path.Combine(Session.Directory, "executable-" + Session.NextId());
        File.Copy(path, target);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
        }

        return target;
    }
}
