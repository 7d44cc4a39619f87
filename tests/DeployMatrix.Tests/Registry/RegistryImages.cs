using Docker.DotNet.Models;
using DeployMatrix.Platforms;
using DeployMatrix.Running;
using KnownPlatforms = DeployMatrix.Platforms.KnownPlatforms;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Tests.Registry;

/// <summary>
/// The registries the pull specs use, filled once: an open one holding <c>debian:12</c> for amd64, i386 and arm64
/// and <c>debian:12-two</c> for amd64 and arm64 only, and one behind htpasswd holding <c>debian:12</c> for amd64.
/// What the engine pulled from them is removed at the end.
/// </summary>
public sealed class RegistryImages(ContainerHarness harness) : IAsyncLifetime
{
    internal static readonly Platform[] AllThree = [KnownPlatforms.Amd64, KnownPlatforms.I386, KnownPlatforms.Arm64];

    internal LocalRegistry Open { get; private set; } = null!;

    internal LocalRegistry Private { get; private set; } = null!;

    /// <summary>The digest of the open registry's <c>debian:12</c> index.</summary>
    internal string Debian12 { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Open = await LocalRegistry.StartAsync();
        Debian12 = await Open.PushIndexAsync("debian", "12", [.. AllThree.Select(p => ($"deploymatrix/debian:12-{p.DebianArchitecture}", p))]);
        await Open.PushIndexAsync("debian", "12-two", [.. new[] { KnownPlatforms.Amd64, KnownPlatforms.Arm64 }.Select(p => ($"deploymatrix/debian:12-{p.DebianArchitecture}", p))]);
        Private = await LocalRegistry.StartAsync(withPassword: true);
        await Private.PushIndexAsync("debian", "12", [("deploymatrix/debian:12-amd64", KnownPlatforms.Amd64)]);
    }

    public async ValueTask DisposeAsync()
    {
        await RemovePulledFromAsync(Open.Host, Private.Host);
        await Open.DisposeAsync();
        await Private.DisposeAsync();
    }

    /// <summary>
    /// Removes what the engine holds from these registry hosts: the references themselves and the per-platform
    /// aliases a pull tags (<c>deploymatrix-pulled/127.0.0.1-PORT/…</c>). A port is used again by later runs, and an
    /// alias left behind would be found there in place of a registry that does not answer.
    /// </summary>
    internal async Task RemovePulledFromAsync(params string[] hosts)
    {
        using var client = harness.Session.Engine.CreateClient();
        var images = await client.Images.ListImagesAsync(new ImagesListParameters { All = true });
        var prefixes = hosts.SelectMany(h => new[] { h + "/", $"{TargetImages.PulledRepositoryPrefix}{h.Replace(':', '-')}/" }).ToList();
        foreach (var tag in images.SelectMany(i => i.RepoTags ?? []).Where(t => prefixes.Any(p => t.StartsWith(p, StringComparison.Ordinal))))
        {
            await client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        }
    }
}
