using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Containers;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Exports;

/// <summary>
/// Exports local images for runs with no engine and no root (<see cref="ImageExports"/>): each image's root file
/// system as the engine exports a container of it, what the engine says of it, and its fingerprint; then the spec the
/// engine writes for a hardened container, for the matrix's default limits. That spec is only readable by root, so
/// exports are made as root, for the user who will run them (<see cref="ExportOwner"/>); every file in the user's
/// directory is made by the user (<see cref="OwnedFiles"/>).
/// </summary>
internal sealed class ImageExporter(DockerEngine engine, ContainerJanitor janitor, FingerprintStore fingerprints)
{
    /// <param name="images">The local tags to export, each with its platform.</param>
    /// <param name="shownOn">Local tags the engine's spec may be taken on (it starts <c>sleep</c> in one), in order of preference.</param>
    /// <param name="to">Where.</param>
    /// <param name="owner">Whose the files are to be; null leaves them this process's.</param>
    /// <param name="progress">Told of each image as it is done.</param>
    /// <param name="cancellationToken">Stops between steps; an export cut short leaves only its aside directory, which the next one removes.</param>
    /// <param name="again">Export images whose export is of the same image id too (for another owner).</param>
    /// <returns>How many were exported (the others were already, of the same image).</returns>
    /// <exception cref="DeployMatrixException">What could not be exported, and why.</exception>
    public async Task<int> ExportAsync(
        IReadOnlyList<(string Tag, Platform Platform)> images, IReadOnlyList<(string Tag, Platform Platform)> shownOn, ImageExports to, ExportOwner? owner, Action<string> progress, CancellationToken cancellationToken,
        bool again = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(progress);
        if (!Environment.IsPrivilegedProcess || engine.Version.IsPodman)
        {
            throw new DeployMatrixException(
                "Exports keep the spec Docker's engine writes for a container, which only root can read: run `deploymatrix images export` as root, with Docker as the engine.");
        }

        var files = new OwnedFiles(owner);
        await files.MakeDirectoryAsync(to.Directory, cancellationToken).ConfigureAwait(false);
        using var client = engine.CreateClient();
        var made = 0;
        foreach (var (tag, platform) in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var exported = await ExportOneAsync(client, tag, platform, to, files, again, cancellationToken).ConfigureAwait(false);
            made += exported ? 1 : 0;
            progress(exported
                ? $"{tag}: exported to {to.DirectoryOf(tag)} in {clock.Elapsed.TotalSeconds:0.0} s"
                : $"{tag}: exported already, of the same image ({to.DirectoryOf(tag)})");
        }

        var limits = Matrix.RunnerSettings.Default.Limits;
        var template = await RuncSpecTemplate.CaptureAsync(client, janitor, limits, shownOn, cancellationToken).ConfigureAwait(false);
        // Written aside and renamed: a run never reads half of it.
        var spec = to.SpecPath;
        await files.WriteAsync(spec + ".partial", ImageExports.TemplateJson(template, limits), cancellationToken).ConfigureAwait(false);
        await files.MoveAsync(spec + ".partial", spec, cancellationToken).ConfigureAwait(false);
        return made;
    }

    /// <returns>False when the export was of this image already.</returns>
    private async Task<bool> ExportOneAsync(
        DockerClient client, string tag, Platform platform, ImageExports to, OwnedFiles files, bool again, CancellationToken cancellationToken)
    {
        ImageInspectResponse image;
        try
        {
            image = await client.Images.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            throw new DeployMatrixException($"{tag} is not here to export: build it (deploymatrix images build) or pull it first.");
        }

        if (!platform.IsPlatformOf(image.Os, image.Architecture))
        {
            throw new DeployMatrixException($"{tag} is {image.Os}/{image.Architecture}, not {platform}.");
        }

        if (image.Config?.User is { } user && !RuncImage.RunsAsRoot(user))
        {
            throw new DeployMatrixException($"{tag} runs its programs as user '{user}', which only the engine resolves: it cannot be exported.");
        }

        if (!again && IsExported(to, tag, image.ID))
        {
            return false;
        }

        var final = to.DirectoryOf(tag);
        var aside = final + ".partial";
        async Task<bool> Untar(Stream export, CancellationToken token)
        {
            await files.UntarAsync(export, ImageExports.RootOf(aside), token).ConfigureAwait(false);
            return true;
        }

        await files.RemoveAsync(aside, cancellationToken).ConfigureAwait(false);
        await files.MakeDirectoryAsync(ImageExports.RootOf(aside), cancellationToken).ConfigureAwait(false);
        await ContainerExport.ReadAsync(client, janitor, image.ID, platform, Untar, cancellationToken).ConfigureAwait(false);
        var exported = new ExportedImage(
            tag,
            image.ID,
            image.Os,
            image.Architecture,
            [.. image.RepoDigests ?? []],
            new Dictionary<string, string>(image.Config?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            [.. image.Config?.Env ?? []],
            image.Config?.WorkingDir is { Length: > 0 } directory ? directory : "/");
        await files.WriteAsync(ImageExports.ImageFileOf(aside), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(exported, ExportedImageJson.Default.ExportedImage), cancellationToken)
            .ConfigureAwait(false);
        var fingerprint = await fingerprints.GetAsync(tag, platform, cancellationToken).ConfigureAwait(false);
        await files.WriteAsync(ImageExports.FingerprintFileOf(aside), FingerprintJson.Serialize(fingerprint), cancellationToken).ConfigureAwait(false);
        await files.RemoveAsync(final, cancellationToken).ConfigureAwait(false);
        await files.MoveAsync(aside, final, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether <paramref name="tag"/>'s export is whole and of this image: a damaged one is made again.</summary>
    private static bool IsExported(ImageExports exports, string tag, string imageId)
    {
        try
        {
            return exports.TryGet(tag)?.Id == imageId && exports.Fingerprint(tag, imageId) is not null;
        }
        catch (DeployMatrixException)
        {
            return false;
        }
    }
}
