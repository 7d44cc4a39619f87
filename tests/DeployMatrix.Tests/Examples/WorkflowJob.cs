namespace DeployMatrix.Tests.Examples;

/// <summary>A job of a workflow: what it waits for, when it runs, its job matrix and its steps.</summary>
/// <param name="RunsOn">The runner label or expression (<c>runs-on</c>), as written.</param>
/// <param name="Matrix">The job matrix's lists (<c>strategy.matrix</c>), each value as written.</param>
internal sealed record WorkflowJob(
    string Id,
    IReadOnlyList<string> Needs,
    string? If,
    string? RunsOn,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Matrix,
    IReadOnlyList<WorkflowStep> Steps)
{
    public IEnumerable<DeployMatrixCommand> DeployMatrixCommands => Steps.SelectMany(DeployMatrixCommand.In);

    /// <summary>The one step that uses <paramref name="action"/> (<c>actions/upload-artifact</c>) and fits <paramref name="where"/>.</summary>
    public WorkflowStep Using(string action, Func<WorkflowStep, bool>? where = null) =>
        Assert.Single(Steps, step => step.Uses?.StartsWith(action + "@", StringComparison.Ordinal) == true && (where?.Invoke(step) ?? true));
}
