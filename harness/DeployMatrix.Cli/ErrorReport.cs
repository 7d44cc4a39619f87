using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli;

/// <summary>How a failed command is told on standard error, and its exit code.</summary>
internal static class ErrorReport
{
    public const int Failure = 1;

    /// <summary>As shells report a process ended by SIGINT.</summary>
    public const int Cancelled = 130;

    public static int Write(Exception exception)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        switch (exception)
        {
            // Written for the user, naming what to fix: the message is the whole story, unwrapped.
            case DeployMatrixException:
                Console.Error.WriteLine(exception.Message);
                return Failure;
            case OperationCanceledException:
                Console.Error.WriteLine("Cancelled.");
                return Cancelled;
            case CommandAppException { Pretty: { } pretty }:
                error.Write(pretty);
                return Failure;
            case CommandAppException:
                error.WriteLine(exception.Message);
                return Failure;
            default:
                error.WriteException(exception);
                return Failure;
        }
    }
}
