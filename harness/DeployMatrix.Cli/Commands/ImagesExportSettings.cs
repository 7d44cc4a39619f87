using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

public sealed class ImagesExportSettings : ImagesSettings
{
    [CommandOption("--owner <USER>")]
    [Description("The user who will run the exports, without root and without an engine: the files become that user's, in that user's ~/.cache/deploymatrix/exports unless --to says.")]
    public string? Owner { get; set; }

    [CommandOption("--to <DIR>")]
    [Description("Where to export (default: the owner's ~/.cache/deploymatrix/exports, else $DEPLOY_MATRIX_EXPORTS or this user's). A run finds them through DEPLOY_MATRIX_EXPORTS.")]
    public string? To { get; set; }

    [CommandOption("--again")]
    [Description("Export again images whose export is of the same image (for another owner, or after a change by hand).")]
    public bool Again { get; set; }

    [CommandOption("--tag <TAG>")]
    [Description("Export this local image (a pulled one: deploymatrix-pulled/…) instead of the catalog's. Repeatable.")]
    public string[] Tags { get; set; } = [];
}
