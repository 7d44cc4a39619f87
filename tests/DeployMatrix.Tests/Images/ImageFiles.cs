using System.Formats.Tar;
using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;
using Docker.DotNet;
using Docker.DotNet.Models;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// The files of an image as the engine exports them from a container that is created and never started: the way to
/// look inside an image that has no command to look with.
/// </summary>
internal sealed class ImageFiles
{
    /// <summary>Configuration files are small; libraries and time zones, whose text nobody reads, are not.</summary>
    private const long MaxTextBytes = 1024 * 1024;

    private readonly Dictionary<string, ImageFile> _files;

    private ImageFiles(Dictionary<string, ImageFile> files) => _files = files;

    /// <summary>Every path, absolute (<c>/etc/passwd</c>).</summary>
    public IReadOnlyCollection<string> Paths => _files.Keys;

    public ImageFile? this[string path] => _files.GetValueOrDefault(path);

    public static Task<ImageFiles> ExportAsync(DockerClient client, ContainerJanitor janitor, string tag, Platform platform, CancellationToken cancellationToken) =>
        ContainerExport.ReadAsync(client, janitor, tag, platform, ReadAsync, cancellationToken);

    private static async Task<ImageFiles> ReadAsync(Stream export, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, ImageFile>(StringComparer.Ordinal);
        await using var reader = new TarReader(export);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var path = "/" + entry.Name.TrimStart('.', '/').TrimEnd('/');
            string? text = null;
            if (entry.DataStream is { } data && entry.Length <= MaxTextBytes)
            {
                using var content = new StreamReader(data);
                text = await content.ReadToEndAsync(cancellationToken);
            }

            files[path] = new ImageFile(entry.EntryType, entry.Mode, entry.Uid, entry.LinkName, text);
        }

        return new ImageFiles(files);
    }

    /// <summary>A file's content; fails naming the path when the image has no such regular file.</summary>
    public string Text(string path)
    {
        var text = this[path]?.Text;
        Assert.True(text is not null, $"the image has a file {path}");
        return text;
    }
}
