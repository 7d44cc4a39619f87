using DeployMatrix.Distributions;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using DeployMatrix.Running;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix fingerprint</c>: takes the fingerprint of images (pulled per platform where they are not here) into
/// files of the team's repository, so that predictions and distribution tables know those systems fully (every library
/// they hold) without an engine, beside the recorded releases.
/// </summary>
public sealed class FingerprintCommand : AsyncCommand<FingerprintSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, FingerprintSettings settings, CancellationToken cancellationToken)
    {
        var platforms = settings.Platforms.Length == 0
            ? [KnownPlatforms.Amd64]
            : settings.Platforms.Select(name => KnownPlatforms.Find(name)
                ?? throw new DeployMatrixException($"--platform {name}: unknown platform; known: {string.Join(", ", KnownPlatforms.All)}")).ToList();
        var pull = Enum.TryParse<ImagePull>(settings.Pull, ignoreCase: true, out var policy)
            ? policy
            : throw new DeployMatrixException($"--pull {settings.Pull}: not a pull policy; write missing (the default), always or never");
        if (settings.Images.FirstOrDefault(image => Engine.ImageReference.Problem(image) is not null) is { } bad)
        {
            throw new DeployMatrixException($"{bad}: not an image reference: {Engine.ImageReference.Problem(bad)}");
        }

        await using var session = await Sessions.StartAsync(cancellationToken).ConfigureAwait(false);
        using var images = new TargetImages(session.Engine);
        var needs = (from image in settings.Images from platform in platforms select new ImageNeed(image, platform, pull, "--pull")).ToList();
        await images.EnsureAsync(needs, cancellationToken).ConfigureAwait(false);
        foreach (var need in needs)
        {
            var fingerprint = await session.Fingerprints.GetAsync(images.For(need.Reference, need.Platform).LocalTag, need.Platform, cancellationToken).ConfigureAwait(false);
            var file = FingerprintFiles.Write(settings.Out, need.Reference, fingerprint);
            Console.Out.WriteLine(
                $"{need.Reference} ({need.Platform}): {fingerprint.OsRelease?.Name ?? "no os-release"} {fingerprint.OsRelease?.VersionId}, " +
                $"{fingerprint.Libc}, {fingerprint.Libraries.Count} libraries -> {MatrixSources.DisplayPath(file)}");
        }

        return ExitCodes.Success;
    }
}
