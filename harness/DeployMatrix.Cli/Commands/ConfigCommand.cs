using System.Text.Encodings.Web;
using System.Text.Json;
using DeployMatrix.Matrix;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix config</c>: the settings <c>run</c> would read a matrix with, and for each the layer it came from,
/// so that "why is the timeout 5s?" has an answer. Shown as layered, before any check.
/// </summary>
public sealed class ConfigCommand : Command<ConfigSettings>
{
    private const string Layers =
        "Each layer overrides the one before: built-in defaults < the matrix file < environment variables " +
        $"{MatrixSources.EnvironmentPrefix}KEY (__ for :) < the command line --key=value.";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // For a terminal or a script, not a web page: '>' stays '>'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override int Execute(CommandContext context, ConfigSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Keys)
        {
            Console.Out.Write(MatrixKeyTable.Markdown());
            return ExitCodes.Success;
        }

        var report = MatrixSettingsReport.Describe(Environment.CurrentDirectory, MatrixOverrides.From(context.Remaining), settings.Matrix);
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            return ExitCodes.Success;
        }

        var heading = $"matrix: {MatrixSources.DisplayPath(report.File)} (from {report.FileSource})";
        if (Console.IsOutputRedirected)
        {
            WritePlain(heading, report.Settings);
        }
        else
        {
            WritePretty(heading, report.Settings);
        }

        return ExitCodes.Success;
    }

    private static void WritePlain(string heading, IReadOnlyList<MatrixSettingsReport.Setting> settings)
    {
        Console.Out.WriteLine(heading);
        var keyWidth = settings.Max(s => s.Key.Length) + 2;
        var valueWidth = settings.Max(s => Visible(s.Value).Length) + 2;
        foreach (var setting in settings)
        {
            Console.Out.WriteLine(setting.Key.PadRight(keyWidth) + Visible(setting.Value).PadRight(valueWidth) + setting.Source);
        }

        Console.Out.WriteLine(Layers);
    }

    private static void WritePretty(string heading, IReadOnlyList<MatrixSettingsReport.Setting> settings)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(heading)}[/]");
        var table = new Table().AddColumns(new TableColumn("key").NoWrap(), new TableColumn("value"), new TableColumn("from").NoWrap());
        foreach (var setting in settings)
        {
            table.AddRow(Markup.Escape(setting.Key), Markup.Escape(Visible(setting.Value)), $"[grey]{Markup.Escape(setting.Source)}[/]");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(Layers)}[/]");
    }

    /// <summary>A value on one line: a case's stdin may hold line breaks.</summary>
    private static string Visible(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
