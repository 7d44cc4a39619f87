namespace DeployMatrix.Matrix;

/// <summary>One way of running a binary: its arguments, environment, standard input and time limit.</summary>
public sealed record RunCase(
    string Name,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string? Stdin,
    TimeSpan Timeout)
{
    public const string DefaultName = "default";

    /// <summary>The case of a binary that lists none: no arguments, environment or input.</summary>
    public static RunCase Default(TimeSpan timeout) => new(DefaultName, [], new Dictionary<string, string>(), null, timeout);
}
