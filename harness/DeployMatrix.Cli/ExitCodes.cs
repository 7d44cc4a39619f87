namespace DeployMatrix.Cli;

/// <summary>
/// What the command's exit code tells a CI job: a portability change to review is not the same as a tool that could
/// not do its work, and a pipeline may want to treat them apart.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every cell matches its snapshot and its prediction, or the command judges no cells.</summary>
    public const int Success = 0;

    /// <summary>Cells need review: a changed or new snapshot, or a run that contradicts its prediction.</summary>
    public const int NeedsReview = 1;

    /// <summary>The command could not do its work: bad input, no engine, a missing image or binary.</summary>
    public const int Error = 2;

    /// <summary>As shells report a process ended by SIGINT.</summary>
    public const int Cancelled = 130;

    public static int ForReview(bool passed) => passed ? Success : NeedsReview;
}
