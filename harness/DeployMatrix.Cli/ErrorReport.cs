using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli;

/// <summary>How a failed command is told on standard error, and its exit code (<see cref="ExitCodes.Error"/>).</summary>
internal static class ErrorReport
{
    public static int Interrupted()
    {
        Console.Error.WriteLine("Interrupted.");
        return ExitCodes.Cancelled;
    }

    public static int Write(Exception exception)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        switch (exception)
        {
            // Written for the user, naming what to fix: the message is the whole story, unwrapped.
            case DeployMatrixException:
                Console.Error.WriteLine(exception.Message);
                return ExitCodes.Error;
            case OperationCanceledException:
                return Interrupted();
            case CommandAppException { Pretty: { } pretty }:
                error.Write(pretty);
                return ExitCodes.Error;
            case CommandAppException:
                error.WriteLine(exception.Message);
                return ExitCodes.Error;
            default:
                error.WriteException(exception);
                return ExitCodes.Error;
        }
    }
}
