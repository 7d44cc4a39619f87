using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Exports;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Running;

/// <summary>
/// Makes sure, before any container starts, that every image a matrix needs is here for the platform of its cells,
/// pulling public images per platform as each target's <see cref="ImagePull"/> says, and knows the local tag and
/// the registry's digest of each. With no engine, the images are those exported for such runs (<see cref="Exported"/>), and nothing is pulled.
/// </summary>
internal sealed class TargetImages : IDisposable
{
    private readonly PulledDigests _digests = PulledDigests.InCache();
    private readonly DockerEngine? _engine;
    private readonly ImageExports? _exports;

    // Made for the first pull, tag or removal: looking images up needs none (EngineImage).
    private readonly Lazy<DockerClient> _client;

    /// <summary>Where per-platform copies of pulled images are tagged: <c>deploymatrix-pulled/debian:12--linux-arm64</c>.</summary>
    public const string PulledRepositoryPrefix = "deploymatrix-pulled/";

    private readonly ConcurrentDictionary<(string, Platform), TargetImage> _known = new();
    private readonly Lazy<RegistryCredentials> _credentials;

    /// <param name="engine">The engine the images are on.</param>
    /// <param name="credentials">The docker CLI's credentials, sent with each pull; null reads this user's.</param>
    public TargetImages(DockerEngine engine, RegistryCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _client = new(engine.CreateClient);
        _credentials = new(() => credentials ?? RegistryCredentials.FromEnvironment());
    }

    private TargetImages(ImageExports exports)
    {
        _exports = exports;
        _client = new(() => throw new InvalidOperationException("No engine: nothing is pulled."));
        _credentials = new(() => throw new InvalidOperationException("No engine: nothing is pulled."));
    }

    /// <summary>The images exported to <paramref name="exports"/>, for a run with no engine.</summary>
    public static TargetImages Exported(ImageExports exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        return new TargetImages(exports);
    }

    public TargetImage For(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return For(cell.Image, cell.Platform);
    }

    /// <summary>The image of a reference for a platform, once <see cref="EnsureAsync(IEnumerable{ImageNeed}, CancellationToken, bool)"/> found it.</summary>
    public TargetImage For(string reference, Platform platform) => _known[(reference, platform)];

    /// <summary>
    /// The per-platform alias of a pulled image: one tag per platform, because a tag that several platforms share
    /// holds only the last one pulled. Colons become dashes, since neither a path (a registry's port) nor a tag (a
    /// pinned digest) may hold one there: <c>deploymatrix-pulled/registry-5000/app:sha256-…--linux-amd64</c>.
    /// </summary>
    public static string PulledAlias(string reference, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var (repository, tag) = ImageReference.Split(reference);
        return $"{PulledRepositoryPrefix}{repository.ToLowerInvariant().Replace(':', '-')}:{tag.Replace(':', '-')}--{platform.Slug}";
    }

    /// <param name="cells">The cells whose images are needed.</param>
    /// <param name="cancellationToken">Cancels the checks and pulls.</param>
    /// <param name="pull">Pull as the targets say; false only looks, whatever they say.</param>
    /// <exception cref="DeployMatrixException">Lists every image that cannot be had for its platform, and how to get it.</exception>
    public Task EnsureAsync(IEnumerable<MatrixCell> cells, CancellationToken cancellationToken, bool pull = true)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return EnsureAsync(cells.Select(c => new ImageNeed(c.Image, c.Platform, c.Target.Pull, $"target {c.Target.Name}")), cancellationToken, pull);
    }

    /// <param name="needs">The images needed, each for a platform, with the pull policy of what needs it.</param>
    /// <param name="cancellationToken">Cancels the checks and pulls.</param>
    /// <param name="pull">Pull as the needs say; false only looks, whatever they say.</param>
    /// <exception cref="DeployMatrixException">Lists every image that cannot be had for its platform, and how to get it.</exception>
    public async Task EnsureAsync(IEnumerable<ImageNeed> needs, CancellationToken cancellationToken, bool pull = true)
    {
        ArgumentNullException.ThrowIfNull(needs);
        var problems = new List<string>();
        foreach (var group in needs.GroupBy(n => (n.Reference, n.Platform)))
        {
            var (reference, platform) = group.Key;
            var policy = pull && _engine is not null ? Strictest(group.Select(n => n.Pull)) : ImagePull.Never;
            var found = IsBuiltHere(reference)
                ? await FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
                  ?? await BuiltHereMissingAsync(reference, platform, problems, cancellationToken).ConfigureAwait(false)
                : policy switch
                {
                    ImagePull.Always => await PullAsync(reference, platform, problems, cancellationToken).ConfigureAwait(false),
                    ImagePull.Missing => await FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
                                         ?? await PullAsync(reference, platform, problems, cancellationToken).ConfigureAwait(false),
                    _ => await FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
                         ?? Missing(reference, platform, WhyNotPulled(pull, group.First()), problems),
                };
            if (found is not null)
            {
                _known[(reference, platform)] = found;
            }
        }

        if (problems.Count > 0)
        {
            throw new DeployMatrixException("Images this matrix needs are not here (no container was started):\n  " + string.Join("\n  ", problems));
        }
    }

    /// <summary>Of the policies of the targets sharing an image, the one that pulls most.</summary>
    private static ImagePull Strictest(IEnumerable<ImagePull> policies)
    {
        var all = policies.ToHashSet();
        return all.Contains(ImagePull.Always) ? ImagePull.Always : all.Contains(ImagePull.Missing) ? ImagePull.Missing : ImagePull.Never;
    }

    private string WhyNotPulled(bool pull, ImageNeed need) =>
        _exports is not null ? $"no engine answers, and it was not exported to {_exports.Directory}"
        : pull ? $"pull: never ({need.NeededBy})"
        : "this run only looks";

    /// <summary>The image of a tag, from the engine or the exports.</summary>
    private Task<EngineImage?> InspectAsync(string tag, CancellationToken cancellationToken) =>
        _engine?.InspectImageAsync(tag, cancellationToken) ?? Task.FromResult(_exports!.Inspect(tag));

    private static bool IsBuiltHere(string reference) => reference.StartsWith("deploymatrix/", StringComparison.Ordinal);

    private async Task<TargetImage?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        foreach (var tag in IsBuiltHere(reference) ? [reference] : new[] { PulledAlias(reference, platform), reference })
        {
            var image = await InspectAsync(tag, cancellationToken).ConfigureAwait(false);
            if (image is not null && platform.IsPlatformOf(image.Os, image.Architecture))
            {
                return new TargetImage(
                    reference,
                    tag,
                    image.Id,
                    IsBuiltHere(reference) ? null : DigestOf(reference, tag, image),
                    image.Config?.Labels is { } labels && labels.TryGetValue(ImageLabels.Equivalent, out var equivalent) ? equivalent : null);
            }
        }

        return null;
    }

    /// <summary>
    /// A pinned reference's own digest, else the one its alias was pulled at, else the engine's record for the
    /// reference's repository where it holds just one.
    /// </summary>
    private string? DigestOf(string reference, string localTag, EngineImage image)
    {
        var (repository, tag) = ImageReference.Split(reference);
        if (tag.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return tag;
        }

        var recorded = image.RepoDigests?.Where(d => d.StartsWith(repository + "@", StringComparison.Ordinal)).Select(d => d[(repository.Length + 1)..]).ToList() ?? [];
        return _digests.For(localTag, image.Id) ?? (recorded.Count == 1 ? recorded[0] : null);
    }

    private static TargetImage? Missing(string reference, Platform platform, string why, List<string> problems)
    {
        problems.Add($"{reference} for {platform} is not here (not pulled: {why}); pull it with `docker pull --platform {platform} {reference}`, " +
                     $"then tag it {PulledAlias(reference, platform)}, or set pull: missing");
        return null;
    }

    private async Task<TargetImage?> BuiltHereMissingAsync(string reference, Platform platform, List<string> problems, CancellationToken cancellationToken)
    {
        var present = await InspectAsync(reference, cancellationToken).ConfigureAwait(false);
        problems.Add(_exports is not null && present is null
            ? $"{reference} was not exported to {_exports.Directory}, and no engine answers: export it as root, where the engine is " +
              $"(`{ImageExports.ExportCommand(reference, owner: Environment.UserName)}`)"
            : present is null
            ? $"{reference} is missing: it is one of DeployMatrix's local images, made from Debian's packages on this machine " +
              "by `deploymatrix images build` (`deploymatrix images list` names the tags it makes)"
            : $"{reference} is {present.Os}/{present.Architecture}, its cells run on {platform}: rebuild it with `deploymatrix images build`");
        return null;
    }

    private async Task<TargetImage?> PullAsync(string reference, Platform platform, List<string> problems, CancellationToken cancellationToken)
    {
        var registry = ImageReference.RegistryOf(reference);
        await ReleasePinnedReferenceAsync(reference, cancellationToken).ConfigureAwait(false);
        var messages = new PullMessages();
        string? failure;
        try
        {
            // As the docker CLI sends it: a pinned digest goes where the tag goes.
            var (repository, tag) = ImageReference.Split(reference);
            await _client.Value.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = repository, Tag = tag, Platform = platform.Name }, _credentials.Value.For(registry), messages, cancellationToken)
                .ConfigureAwait(false);
            failure = messages.Error;
        }
        catch (DockerApiException e)
        {
            failure = EngineFaults.MessageOf(e);
        }

        if (failure is not null)
        {
            problems.Add(PullFaults.Explain(new PullFaults.PullFailure(
                reference, platform.Name, registry, _credentials.Value.File, _credentials.Value.HasHelpers, failure)));
            return null;
        }

        var alias = PulledAlias(reference, platform);
        var (aliasRepository, aliasTag) = ImageReference.Split(alias);
        await _client.Value.Images.TagImageAsync(reference, new ImageTagParameters { RepositoryName = aliasRepository, Tag = aliasTag }, cancellationToken)
            .ConfigureAwait(false);
        if (messages.Digest is { } digest && await InspectAsync(alias, cancellationToken).ConfigureAwait(false) is { } pulled)
        {
            _digests.Record(alias, pulled.Id, digest);
        }

        return await FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
               ?? throw new DeployMatrixException($"{reference} was pulled for {platform} but the engine holds another platform under it");
    }

    /// <summary>
    /// The engine maps a digest to one image: once <c>app@sha256:…</c> of an index is pulled for one platform, pulling
    /// it for another fails ("Cannot overwrite digest"). The reference is moved off the first platform's image, which
    /// keeps its per-platform alias, so that the next platform's pull can take it.
    /// </summary>
    private async Task ReleasePinnedReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        if (!ImageReference.Split(reference).Tag.StartsWith("sha256:", StringComparison.Ordinal)
            || await InspectAsync(reference, cancellationToken).ConfigureAwait(false) is not { } held)
        {
            return;
        }

        if (KnownPlatforms.All.FirstOrDefault(p => p.IsPlatformOf(held.Os, held.Architecture)) is { } heldPlatform)
        {
            var (repository, tag) = ImageReference.Split(PulledAlias(reference, heldPlatform));
            await _client.Value.Images.TagImageAsync(held.Id, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken)
                .ConfigureAwait(false);
        }

        await _client.Value.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The engine's pull progress, kept for its error (some failures, a platform the index lacks, come in the
    /// stream after a success status, not as one) and for the digest it pulled. Synchronous, unlike
    /// <see cref="Progress{T}"/>, so nothing is late.
    /// </summary>
    private sealed class PullMessages : IProgress<JSONMessage>
    {
        private const string DigestStatus = "Digest: ";

        public string? Error { get; private set; }

        /// <summary>What the reference named at the registry: for a multi-platform image, its index.</summary>
        public string? Digest { get; private set; }

        public void Report(JSONMessage value)
        {
            if (value.Status?.StartsWith(DigestStatus, StringComparison.Ordinal) == true)
            {
                Digest = value.Status[DigestStatus.Length..].Trim();
            }

            if (value.Error?.Message is { Length: > 0 } message)
            {
                Error = message;
            }
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
