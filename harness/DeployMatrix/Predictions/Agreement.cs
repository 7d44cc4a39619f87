namespace DeployMatrix.Predictions;

/// <summary>How the observed verdict of a cell relates to its prediction.</summary>
internal enum Agreement
{
    /// <summary>The run gave what the binary and the image said it would.</summary>
    Agrees,

    /// <summary>They differ for a reason the explanation names (a run under emulation, a symbol the fingerprint cannot know).</summary>
    Explained,

    /// <summary>
    /// The run went through an emulator and failed where the prediction says the binary starts: it can neither
    /// confirm nor contradict the prediction (<see cref="Outcomes.Verdict.InconclusiveUnderEmulation"/>).
    /// </summary>
    Inconclusive,

    /// <summary>They differ and nothing explains it: the prediction or the classification is wrong somewhere.</summary>
    Disagrees,
}

internal static class AgreementText
{
    /// <summary>An agreement and its note in one line, as snapshots and reports show it.</summary>
    public static string Describe(this Agreement agreement, string? note) => agreement switch
    {
        Agreement.Agrees => note is null ? "agrees" : $"agrees; {note}",
        Agreement.Explained => $"differs, explained: {note}",
        Agreement.Inconclusive => $"inconclusive: {note}",
        _ => $"DIFFERS, unexplained: {note}",
    };
}
