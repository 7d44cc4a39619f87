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
/// exports are made as root, for the user who will run them (<see cref="ExportOwner"/>).
/// </summary>
internal sealed class ImageExporter(DockerEngine engine, ContainerJanitor janitor, FingerprintStore fingerprints)
{
    /// <param name="images">The local tags to export, each with its platform.</param>
    /// <param name="to">Where.</param>
    /// <param name="owner">Whose the files are to be; null leaves them this process's.</param>
    /// <param name="progress">Told of each image as it is done.</param>
    /// <param name="cancellationToken">Stops between steps; an export cut short leaves only its aside directory, which the next one removes.</param>
    /// <param name="again">Export images whose export is of the same image id too (for another owner).</param>
    /// <returns>How many were exported (the others were already, of the same image).</returns>
    /// <exception cref="DeployMatrixException">What could not be exported, and why.</exception>
    public async Task<int> ExportAsync(
        IReadOnlyList<(string Tag, Platform Platform)> images, ImageExports to, ExportOwner? owner, Action<string> progress, CancellationToken cancellationToken,
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

        MakeDirectory(to.Directory, owner);
        using var client = engine.CreateClient();
        var made = 0;
        foreach (var (tag, platform) in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var exported = await ExportOneAsync(client, tag, platform, to, owner, again, cancellationToken).ConfigureAwait(false);
            made += exported ? 1 : 0;
            progress(exported
                ? $"{tag}: exported to {to.DirectoryOf(tag)} in {clock.Elapsed.TotalSeconds:0.0} s"
                : $"{tag}: exported already, of the same image ({to.DirectoryOf(tag)})");
        }

        var limits = Matrix.RunnerSettings.Default.Limits;
        var template = await RuncSpecTemplate.CaptureAsync(client, janitor, limits, images, cancellationToken).ConfigureAwait(false);
        to.WriteTemplate(template, limits);
        Chown(to.Directory, owner, recursive: false);
        Chown(Path.Combine(to.Directory, "engine-spec.json"), owner, recursive: false);
        return made;
    }

    /// <returns>False when the export was of this image already.</returns>
    private async Task<bool> ExportOneAsync(
        DockerClient client, string tag, Platform platform, ImageExports to, ExportOwner? owner, bool again, CancellationToken cancellationToken)
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

        if (image.Config?.User is { Length: > 0 } user && user is not ("0" or "root" or "0:0" or "root:root"))
        {
            throw new DeployMatrixException($"{tag} runs its programs as user '{user}', which only the engine resolves: it cannot be exported.");
        }

        if (!again && IsExported(to, tag, image.ID))
        {
            return false;
        }

        var final = to.DirectoryOf(tag);
        var aside = final + ".partial";
        RemoveIfPresent(aside);
        Directory.CreateDirectory(ImageExports.RootOf(aside));
        await ExtractAsync(client, image.ID, platform, ImageExports.RootOf(aside), cancellationToken).ConfigureAwait(false);
        var exported = new ExportedImage(
            tag,
            image.ID,
            image.Os,
            image.Architecture,
            [.. image.RepoDigests ?? []],
            new Dictionary<string, string>(image.Config?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            [.. image.Config?.Env ?? []],
            image.Config?.WorkingDir is { Length: > 0 } directory ? directory : "/");
        await File.WriteAllBytesAsync(ImageExports.ImageFileOf(aside), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(exported, ExportedImageJson.Default.ExportedImage), cancellationToken)
            .ConfigureAwait(false);
        var fingerprint = await fingerprints.GetAsync(tag, platform, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(ImageExports.FingerprintFileOf(aside), FingerprintJson.Serialize(fingerprint), cancellationToken).ConfigureAwait(false);
        Chown(aside, owner, recursive: true);
        RemoveIfPresent(final);
        Directory.Move(aside, final);
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

    /// <summary>Unpacks the engine's export of a container of the image (never started) into <paramref name="root"/>.</summary>
    private Task ExtractAsync(DockerClient client, string imageId, Platform platform, string root, CancellationToken cancellationToken) =>
        ContainerExport.ReadAsync(client, janitor, imageId, platform, (export, token) => UntarAsync(export, root, imageId, token), cancellationToken);

    private static async Task<bool> UntarAsync(Stream export, string root, string imageId, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(HostTool.Tar.Require()) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-x", "-p", "--numeric-owner", "-C", root })
        {
            start.ArgumentList.Add(argument);
        }

        using var tar = Process.Start(start) ?? throw new DeployMatrixException("tar did not start.");
        var errors = tar.StandardError.ReadToEndAsync(cancellationToken);
        await export.CopyToAsync(tar.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
        tar.StandardInput.Close();
        await tar.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return tar.ExitCode == 0
            ? true
            : throw new DeployMatrixException($"tar could not unpack the export of {imageId} into {root}: {(await errors.ConfigureAwait(false)).Trim()}");
    }

    /// <summary>Makes <paramref name="directory"/> and the parents it lacks, each given to <paramref name="owner"/>.</summary>
    private static void MakeDirectory(string directory, ExportOwner? owner)
    {
        var missing = new Stack<string>();
        for (var path = directory; !Directory.Exists(path); path = Path.GetDirectoryName(path)!)
        {
            missing.Push(path);
        }

        while (missing.TryPop(out var path))
        {
            Directory.CreateDirectory(path);
            Chown(path, owner, recursive: false);
        }
    }

    private static void RemoveIfPresent(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Gives <paramref name="path"/> to <paramref name="owner"/>, links themselves and not what they point to.</summary>
    private static void Chown(string path, ExportOwner? owner, bool recursive)
    {
        if (owner is null)
        {
            return;
        }

        var start = new ProcessStartInfo("chown") { RedirectStandardError = true, UseShellExecute = false };
        if (recursive)
        {
            start.ArgumentList.Add("-R");
        }

        foreach (var argument in (string[])["--no-dereference", owner.ToString(), path])
        {
            start.ArgumentList.Add(argument);
        }

        using var chown = Process.Start(start) ?? throw new DeployMatrixException("chown did not start.");
        var errors = chown.StandardError.ReadToEnd();
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new DeployMatrixException($"Could not give {path} to {owner.Name}: {errors.Trim()}");
        }
    }
}
