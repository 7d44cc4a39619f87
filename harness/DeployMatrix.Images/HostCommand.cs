using System.ComponentModel;
using System.Text;
using CliWrap;

namespace DeployMatrix.Images;

/// <summary>
/// A program run on the host while building images. A failure names the command line and shows the last lines of
/// its output, which is what a user needs to see to act on it.
/// </summary>
internal sealed record HostCommand(string Program, IReadOnlyList<string> Arguments)
{
    private const int TailLines = 20;

    private static readonly IReadOnlyDictionary<string, string?> NoVariables = new Dictionary<string, string?>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set (or, with a null value, removed) for the program, beside this process's own.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Runs the program to its end and returns its standard output.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var tail = new OutputTail(TailLines);
        var command = Cli.Wrap(Program)
            .WithArguments(Arguments)
            .WithWorkingDirectory(WorkingDirectory ?? System.Environment.CurrentDirectory)
            .WithEnvironmentVariables(Environment ?? NoVariables)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.Merge(PipeTarget.ToStringBuilder(stdout), PipeTarget.ToDelegate(tail.Add)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(tail.Add));

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new DeployMatrixException($"`{this}` could not start: {e.Message}", e);
        }

        if (result.ExitCode != 0)
        {
            throw new DeployMatrixException(
                $"`{this}` exited with code {result.ExitCode}; last lines of its output:{System.Environment.NewLine}  "
                + string.Join(System.Environment.NewLine + "  ", tail.Lines));
        }

        return stdout.ToString();
    }

    /// <summary>The command line as a shell would take it, after the variables it sets.</summary>
    public override string ToString() =>
        string.Join(' ', (Environment ?? NoVariables).Select(v => $"{v.Key}={v.Value}").Append(Program).Concat(Arguments).Select(Quote));

    /// <summary>A word as a shell takes it literally.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@+,%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
