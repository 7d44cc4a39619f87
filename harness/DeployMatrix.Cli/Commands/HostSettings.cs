using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>Options of <c>deploymatrix host</c>.</summary>
public sealed class HostSettings : CommandSettings
{
    [CommandOption("--register")]
    [Description("Where this host's kernel refuses a platform's binaries, register Debian's qemu-user-static for them with binfmt_misc (flag F). Needs root; idempotent.")]
    public bool Register { get; set; }
}
