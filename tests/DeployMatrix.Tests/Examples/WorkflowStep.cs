namespace DeployMatrix.Tests.Examples;

/// <summary>One step of a workflow job: an action it <c>uses:</c> or a script it <c>run:</c>s.</summary>
internal sealed record WorkflowStep(string? Uses, string? Run, string? If, IReadOnlyDictionary<string, string> With);
