using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;

namespace DeployMatrix.Containers;

/// <summary>
/// Puts files into containers whose root file system is read-only: each set of files under one top directory
/// (<c>/app</c>, <c>/.deploymatrix</c>) is copied once per session into a Docker volume, which every container that
/// needs it mounts read-only. A binary of 100 MB is so copied once per run, not once per cell, and streamed, never
/// read whole into memory. The volumes carry the session's labels; the janitor removes them with its containers.
/// </summary>
internal sealed class FileStage(DockerClient client, ContainerJanitor janitor)
{
    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _volumes = new(StringComparer.Ordinal);

    /// <summary>The read-only mounts that bring <paramref name="files"/> into a container of <paramref name="image"/>.</summary>
    /// <param name="files">Where each file goes; each container path must lie under a top directory other than <c>/</c>.</param>
    /// <param name="directories">Directories to create among the files (mount points of writable scratch inside them).</param>
    /// <param name="image">An image to create the (never started) container that fills a volume from.</param>
    /// <param name="platform">Its platform.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public async Task<IReadOnlyList<Mount>> MountsAsync(
        IReadOnlyList<ContainerFile> files, IReadOnlyList<string> directories, string image, string platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(directories);
        var mounts = new List<Mount>();
        foreach (var group in files.GroupBy(f => TopDirectory(f.ContainerPath), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var top = group.Key;
            var content = new StagedContent(
                top, [.. group.OrderBy(f => f.ContainerPath, StringComparer.Ordinal)], [.. directories.Where(d => IsUnder(d, top)).Order(StringComparer.Ordinal)]);
            var key = content.Key();
            var volume = _volumes.GetOrAdd(key, _ => new Lazy<Task<string>>(() => StageAsync(content, key, image, platform, cancellationToken)));
            try
            {
                mounts.Add(new Mount { Type = "volume", Source = await volume.Value.ConfigureAwait(false), Target = top, ReadOnly = true });
            }
            catch
            {
                // A failed or cancelled copy is not kept: the next container that needs these files tries again.
                _volumes.TryRemove(KeyValuePair.Create(key, volume));
                throw;
            }
        }

        return mounts;
    }

    /// <summary><c>/app</c> for <c>/app/bin/greet</c>.</summary>
    public static string TopDirectory(string containerPath)
    {
        ArgumentNullException.ThrowIfNull(containerPath);
        var segments = containerPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && containerPath.StartsWith('/')
            ? "/" + segments[0]
            : throw new ArgumentException($"{containerPath}: files go into a directory of their own below /, such as /app.", nameof(containerPath));
    }

    private static bool IsUnder(string path, string top) => path.StartsWith(top + "/", StringComparison.Ordinal);

    private async Task<string> StageAsync(StagedContent content, string key, string image, string platform, CancellationToken cancellationToken)
    {
        var name = $"deploymatrix-{janitor.Labels[ContainerLabels.Session][..12]}-{key[..16]}";
        await client.Volumes.CreateAsync(
            new VolumesCreateParameters { Name = name, Labels = new Dictionary<string, string>(janitor.Labels) }, cancellationToken).ConfigureAwait(false);
        var filler = await client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = image,
                Platform = platform,
                // Never started: it only holds the volume while the files are extracted into it.
                Entrypoint = ["/.deploymatrix-never-started"],
                Labels = new Dictionary<string, string>(janitor.Labels),
                NetworkDisabled = true,
                HostConfig = new HostConfig
                {
                    NetworkMode = "none",
                    Mounts = [new Mount { Type = "volume", Source = name, Target = content.Top }],
                },
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            var archive = await WriteArchiveAsync(content, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                await client.Containers.ExtractArchiveToContainerAsync(
                    filler.ID, new CopyToContainerParameters { Path = content.Top }, archive, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await client.Containers.RemoveIfPresentAsync(filler.ID, CancellationToken.None).ConfigureAwait(false);
        }

        return name;
    }

    /// <summary>The files as a tar in a temporary file (deleted when closed), every file executable and owned by root.</summary>
    private static async Task<FileStream> WriteArchiveAsync(StagedContent content, CancellationToken cancellationToken)
    {
        var archive = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                var made = new HashSet<string>(StringComparer.Ordinal);
                foreach (var directory in content.Files.Select(f => Path.GetDirectoryName(f.ContainerPath)!).Concat(content.Directories))
                {
                    await WriteDirectoriesAsync(tar, content.Top, directory, made, cancellationToken).ConfigureAwait(false);
                }

                foreach (var file in content.Files)
                {
                    var data = File.OpenRead(file.HostPath);
                    await using (data.ConfigureAwait(false))
                    {
                        var entry = new PaxTarEntry(TarEntryType.RegularFile, Relative(content.Top, file.ContainerPath)) { Mode = Executable, DataStream = data };
                        await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            archive.Position = 0;
            return archive;
        }
        catch
        {
            await archive.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task WriteDirectoriesAsync(TarWriter tar, string top, string directory, HashSet<string> made, CancellationToken cancellationToken)
    {
        if (directory == top || !made.Add(directory))
        {
            return;
        }

        await WriteDirectoriesAsync(tar, top, Path.GetDirectoryName(directory)!, made, cancellationToken).ConfigureAwait(false);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, Relative(top, directory) + "/") { Mode = Executable }, cancellationToken)
            .ConfigureAwait(false);
    }

    private static string Relative(string top, string path) => path[(top.Length + 1)..];

    /// <summary>What one volume holds; equal content, equal key, one copy.</summary>
    private sealed record StagedContent(string Top, IReadOnlyList<ContainerFile> Files, IReadOnlyList<string> Directories)
    {
        /// <summary>The files by path, size and change time, so that a rebuilt binary is copied again.</summary>
        public string Key()
        {
            var text = new StringBuilder(Top).Append('\n');
            foreach (var file in Files)
            {
                var info = new FileInfo(file.HostPath);
                text.Append(CultureInfo.InvariantCulture, $"{file.ContainerPath}\t{info.FullName}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\n");
            }

            text.AppendJoin('\n', Directories);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }
}
