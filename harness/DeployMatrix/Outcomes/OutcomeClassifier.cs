namespace DeployMatrix.Outcomes;

/// <summary>
/// Decides the verdict of a run from its evidence. Precedence: timed out, then loader, runtime and shell texts on
/// stderr (with an exit status their printer uses), then death by a signal, then an ordinary run. Texts are decided
/// by <see cref="TextRule"/> tables, never by exit codes alone: glibc's missing symbol version and runc's missing
/// interpreter both exit 1.
/// </summary>
internal sealed class OutcomeClassifier(IReadOnlyList<TextRule> loaderTexts, IReadOnlyList<TextRule> startErrorTexts)
{
    private const string OutOfMemory = "out of memory";

    public static OutcomeClassifier Default { get; } = new(LoaderTexts.Rules, StartErrorTexts.Rules);

    /// <exception cref="HarnessErrorException">The run says nothing about the binary (the container never started).</exception>
    public Verdict Classify(RunEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var result = evidence.Result;
        if (result.StartError is { } startError)
        {
            return FromStartError(startError, evidence);
        }

        if (result.TimedOut)
        {
            return new Verdict.TimedOut(evidence.Timeout);
        }

        if (result.ExitCode is not { } exitCode)
        {
            throw new HarnessErrorException($"The run of {evidence.ProgramPath} ended with no exit status and no start error.");
        }

        if (FromLoaderTexts(evidence, exitCode) is { } loaderVerdict)
        {
            return loaderVerdict;
        }

        // Docker's OOM flag, not the status: 137 alone could be any SIGKILL.
        if (result.OutOfMemory)
        {
            return new Verdict.KilledBySignal(Signal.Kill, OutOfMemory);
        }

        return Signal.FromExitStatus(exitCode) is { } signal ? new Verdict.KilledBySignal(signal) : new Verdict.Ran(exitCode);
    }

    private Verdict FromStartError(string startError, RunEvidence evidence)
    {
        foreach (var rule in startErrorTexts)
        {
            var match = rule.For(evidence.ProgramPath).Match(startError);
            if (match.Success)
            {
                return rule.Build(match, evidence);
            }
        }

        throw new HarnessErrorException($"The engine could not start the container for {evidence.ProgramPath}: {startError}");
    }

    /// <summary>
    /// The verdict of the highest-ranked rule that matched a line, folded with every other line of the same kind, in
    /// the order printed; null when no line has a loader's shape.
    /// </summary>
    private Verdict? FromLoaderTexts(RunEvidence evidence, int exitCode)
    {
        var candidates = loaderTexts
            .Select((rule, rank) => (Rule: rule, Rank: rank))
            .Where(r => r.Rule.AllowsExitCode(exitCode))
            .Select(r => (r.Rule, r.Rank, Regex: r.Rule.For(evidence.ProgramPath)))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var found = new List<(int Rank, Verdict Verdict)>();
        foreach (var line in Lines(evidence.Result.Stderr))
        {
            foreach (var (rule, rank, regex) in candidates)
            {
                var match = regex.Match(line);
                if (match.Success)
                {
                    found.Add((rank, rule.Build(match, evidence)));
                    break;
                }
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        var kind = found.MinBy(f => f.Rank).Verdict.GetType();
        return found.Select(f => f.Verdict).Where(v => v.GetType() == kind).Aggregate((first, later) => first.Combine(later));
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0);
}
