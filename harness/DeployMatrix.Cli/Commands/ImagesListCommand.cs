using System.Globalization;
using DeployMatrix.Engine;
using DeployMatrix.Images;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix images list</c>: the catalog's images and what Docker holds under their tags.</summary>
public sealed class ImagesListCommand : AsyncCommand<ImagesSettings>
{
    private const int RedirectedWidth = 400;

    public override async Task<int> ExecuteAsync(CommandContext context, ImagesSettings settings, CancellationToken cancellationToken)
    {
        var targets = settings.LoadTargets();
        var engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var client = engine.CreateClient();
        var store = new ImageStore(client);

        var table = new Table()
            .AddColumns(
                new TableColumn("Image").NoWrap(),
                new TableColumn("Platform").NoWrap(),
                new TableColumn("Libc").NoWrap(),
                new TableColumn("State"),
                new TableColumn("Image ID").NoWrap(),
                new TableColumn("Size").NoWrap().RightAligned());
        foreach (var target in targets)
        {
            var status = await store.GetStatusAsync(target, cancellationToken).ConfigureAwait(false);
            table.AddRow(
                Markup.Escape(target.Tag),
                target.Platform.Name,
                Markup.Escape(target.Image.LibcDescription),
                Markup.Escape(Describe(status)),
                ShortId(status.ImageId),
                status.Size is { } size ? Megabytes(size) : string.Empty);
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

    private static string ShortId(string? imageId) =>
        imageId is null ? string.Empty : imageId.Split(':')[^1][..12];
}
