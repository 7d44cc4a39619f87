using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// The built <c>deploymatrix</c> command, run as a child process: environment variables are process-wide, so the
/// layers they add are only ever set for the child, never in the test process.
/// </summary>
internal static class DeployMatrixCli
{
    private static readonly Lazy<string> Assembly = new(Locate);

    /// <summary>The built command's assembly, for <c>dotnet PATH</c> in a directory of a spec's own.</summary>
    public static string AssemblyPath => Assembly.Value;

    /// <summary>
    /// Runs <c>deploymatrix ARGS</c> in <paramref name="directory"/> with only the <c>DEPLOYMATRIX_*</c> variables of
    /// <paramref name="environment"/>: those the test run itself may have are removed. <paramref name="onOutputLine"/>
    /// sees each line of standard output as it comes; <paramref name="launcher"/> is a command that starts it (for
    /// instance one dropping capabilities); <paramref name="deadline"/>, when given, kills it once passed.
    /// </summary>
    public static Task<BufferedCommandResult> RunAsync(
        IEnumerable<string> arguments,
        string? directory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onOutputLine = null,
        IReadOnlyList<string>? launcher = null,
        TimeSpan? deadline = null)
    {
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith(MatrixSources.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, string? (_) => null);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        string[] command = [.. launcher ?? [], "dotnet", Assembly.Value, .. arguments];
        return CliWrap.Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithWorkingDirectory(directory ?? HarnessAssets.Locate().Root)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(onOutputLine is null ? PipeTarget.Null : PipeTarget.ToDelegate(onOutputLine))
            .ExecuteBufferedAsync(Cancellation(deadline))
            .Task;
    }

    private static CancellationToken Cancellation(TimeSpan? deadline)
    {
        if (deadline is null)
        {
            return TestContext.Current.CancellationToken;
        }

        // Left to the collector: the source lives as long as the command it may cancel.
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(deadline.Value);
        return source.Token;
    }

    /// <summary>
    /// The CLI's build output in the configuration and framework of this test assembly's (<c>bin/Debug/net10.0</c>).
    /// The test project does not reference the CLI: building the solution is what builds it.
    /// </summary>
    private static string Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var path = Path.Combine(
            HarnessAssets.Locate().Root, "harness", "DeployMatrix.Cli", "bin", output.Parent!.Name, output.Name, "DeployMatrix.Cli.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The deploymatrix command is not built: {path} is missing. Build the solution first (dotnet build DeployMatrix.sln, as ./dm test does).");
    }
}
