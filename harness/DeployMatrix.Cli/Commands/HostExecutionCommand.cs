using DeployMatrix.Platforms;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix host</c>: how this host runs each platform's binaries, measured by executing a probe of each;
/// with <c>--register</c>, first makes the platforms its kernel refuses run through qemu-user.
/// </summary>
public sealed class HostExecutionCommand : Command<HostSettings>
{
    public override int Execute(CommandContext context, HostSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var host = settings.Register
            ? EmulatorRegistration.RegisterWhereRefused(BinfmtMisc.Host, change => Console.Out.WriteLine(change))
            : HostExecution.Measure();
        foreach (var platform in host.Platforms)
        {
            Console.Out.WriteLine(platform.Describe());
        }

        var refused = host.Platforms.Where(p => p.Mode == ExecutionMode.Refused).ToList();
        if (refused.Count > 0)
        {
            Console.Error.WriteLine(
                $"Cells of {string.Join(", ", refused.Select(p => p.Platform))} cannot run here: " +
                "`deploymatrix host --register` (as root) registers Debian's qemu-user-static for them.");
        }

        return ExitCodes.Success;
    }
}
