using DeployMatrix.Containers;

namespace DeployMatrix.Outcomes;

/// <summary>
/// Decides which limits of its container a run met, from its evidence and the limits it ran with, by a table of
/// <see cref="LimitRule"/>s: each limit once, in the table's order. A program the kernel never started met none: what
/// the run printed is the runtime's.
/// </summary>
internal sealed class LimitClassifier(IReadOnlyList<LimitRule> rules)
{
    public static LimitClassifier Default { get; } = new(LimitTexts.Rules);

    public IReadOnlyList<LimitMet> Classify(RunEvidence evidence, ContainerLimits limits, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.ProgramStarted && evidence.Result.StartError is null
            ? [.. rules.Where(rule => rule.IsMet(evidence, limits)).Select(rule => new LimitMet(rule.Limit, rule.Describe(limits, evidence)))]
            : [];
    }
}
