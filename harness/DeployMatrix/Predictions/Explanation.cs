using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// Why a cell came out as it did: the prediction beside the observed verdict, whether they agree, and what a
/// reviewer needs to act: the missing pieces, where the binary does run, and what to change.
/// </summary>
/// <param name="Observed">What the run gave; null when the cell was not run because the ELF header decides.</param>
/// <param name="Final">The cell's verdict: the observed one, the ELF header's when that decides, or
/// <see cref="Verdict.InconclusiveUnderEmulation"/> when an emulated run can tell nothing.</param>
/// <param name="AgreementNote">Why prediction and observation differ, when they do.</param>
/// <param name="Execution">How this host ran the cell's platform: a host fact, for reports, never for snapshots.</param>
/// <param name="Why">The missing pieces, one per line, all of them.</param>
/// <param name="RunsOn">Where in the matrix this build of the binary starts, and the oldest of those.</param>
/// <param name="Remedies">What to change so that it runs here.</param>
internal sealed record Explanation(
    Prediction Prediction,
    Verdict? Observed,
    Verdict Final,
    Agreement Agreement,
    string? AgreementNote,
    PlatformExecution Execution,
    IReadOnlyList<string> Why,
    string RunsOn,
    IReadOnlyList<string> Remedies)
{
    /// <summary>The cell was not run: the binary's ELF header names another platform.</summary>
    public const string NotRunText = "not run: the ELF header decides";

    /// <summary>The binary ran through an emulator (qemu-user) on this host, not on its own CPU.</summary>
    public bool Emulated => Observed is not null && Execution.IsEmulated;

    public bool WasRun => Observed is not null;

    /// <summary>The agreement and its note in one line, as snapshots and reports show it.</summary>
    public string AgreementText => Agreement.Describe(AgreementNote);

    /// <summary>What the run gave, as one line; <see cref="NotRunText"/> when it was not run.</summary>
    public string ObservedText => Observed?.Text ?? NotRunText;
}
