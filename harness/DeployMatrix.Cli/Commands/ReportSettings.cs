using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix report FILE.json [FILE.json ...] --out DIR [--format json,junit,markdown,html]</c>.</summary>
public sealed class ReportSettings : CommandSettings
{
    public const string AllFormats = "json,junit,markdown,html";

    [CommandArgument(0, "<REPORTS>")]
    [Description("report.json files written by `deploymatrix run --reports`: one run, or the shards of one matrix to merge.")]
    public string[] Files { get; set; } = [];

    [CommandOption("--out <DIR>")]
    [Description("The directory to write the reports to (created if need be).")]
    public string? Out { get; set; }

    [CommandOption("--format <LIST>")]
    [Description("Which reports to write, comma-separated: json (report.json), junit (junit.xml), markdown (report.md), html (report.html).")]
    [DefaultValue(AllFormats)]
    public string Format { get; set; } = AllFormats;

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required: the directory to write the reports to") : ValidationResult.Success();
}
