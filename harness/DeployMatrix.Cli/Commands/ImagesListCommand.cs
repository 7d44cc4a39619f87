using System.Globalization;
using DeployMatrix.Engine;
using DeployMatrix.Exports;
using DeployMatrix.Images;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix images list</c>: the catalog's images, what Docker holds under their tags, and where this user has
/// exports (<c>deploymatrix images export</c>), whether each is of the image Docker holds. With no engine, the exports alone.
/// </summary>
public sealed class ImagesListCommand : AsyncCommand<ImagesSettings>
{
    private const int RedirectedWidth = 400;

    public override async Task<int> ExecuteAsync(CommandContext context, ImagesSettings settings, CancellationToken cancellationToken)
    {
        var targets = settings.LoadTargets();
        var exports = ImageExports.OfThisUser();
        DockerEngine? engine;
        try
        {
            engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineUnavailableException) when (exports.Exist)
        {
            engine = null;
        }

        using var client = engine?.CreateClient();
        var store = client is null ? null : new ImageStore(client);

        var table = new Table()
            .AddColumns(
                new TableColumn("Image").NoWrap(),
                new TableColumn("Platform").NoWrap(),
                new TableColumn("Libc").NoWrap(),
                new TableColumn("State"),
                new TableColumn("Image ID").NoWrap(),
                new TableColumn("Size").NoWrap().RightAligned());
        if (exports.Exist)
        {
            table.AddColumn(new TableColumn("Exported").NoWrap());
        }

        foreach (var target in targets)
        {
            var status = store is null ? null : await store.GetStatusAsync(target, cancellationToken).ConfigureAwait(false);
            var exported = exports.Exist ? exports.TryGet(target.Tag) : null;
            string[] row =
            [
                Markup.Escape(target.Tag),
                target.Platform.Name,
                Markup.Escape(target.Image.LibcDescription),
                Markup.Escape(status is null ? "no engine" : Describe(status)),
                ShortId(status?.ImageId ?? exported?.Id),
                status?.Size is { } size ? Megabytes(size) : string.Empty,
            ];
            table.AddRow(exports.Exist ? [.. row, Exported(exported, status)] : row);
        }

        if (Console.IsOutputRedirected)
        {
            // A pipe has no width; Spectre would assume 80 columns and squeeze the table.
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }

    internal static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0.#} MB");

    private static string Describe(ImageStatus status) => status.State switch
    {
        ImageState.UpToDate => "present",
        ImageState.Missing => "missing",
        _ => $"stale: {status.Reason}",
    };

    /// <summary>Whether this user has the image exported, and of which image: the one Docker holds, or another.</summary>
    private static string Exported(ExportedImage? exported, ImageStatus? status) => exported switch
    {
        null => "no",
        _ when status?.ImageId is { } held && held != exported.Id => "yes, of another image: export again",
        _ => "yes",
    };

    private static string ShortId(string? imageId) =>
        imageId is null ? string.Empty : imageId.Split(':')[^1][..12];
}
