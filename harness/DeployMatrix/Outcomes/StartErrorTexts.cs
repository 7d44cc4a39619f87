namespace DeployMatrix.Outcomes;

/// <summary>
/// Start errors (the engine refused to start the container) that still say something about the binary, found anywhere
/// in the engine's message. Any other start error is a harness error.
/// </summary>
internal static class StartErrorTexts
{
    public static IReadOnlyList<TextRule> Rules { get; } =
    [
        // runc checks the entrypoint exists before it starts anything: the copy into the container failed.
        new("runc: program not in the container", @"exec: ""{prog}"": stat {prog}: no such file or directory", [],
            (match, evidence) => throw new HarnessErrorException(
                $"The engine could not start {evidence.ProgramPath}: it is not in the container, so copying it in failed " +
                $"(\"{match.Value}\").")),
        new("runc: wrong architecture at start", "exec format error", [],
            (_, evidence) => new Verdict.WrongArchitecture(evidence.ProgramPath)),
    ];
}
