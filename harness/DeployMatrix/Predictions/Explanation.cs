using DeployMatrix.Outcomes;

namespace DeployMatrix.Predictions;

/// <summary>
/// Why a cell came out as it did: the prediction beside the observed verdict, whether they agree, and what a
/// reviewer needs to act: the missing pieces, where the binary does run, and what to change.
/// </summary>
/// <param name="Final">The cell's verdict: the observed one, except that a wrong architecture read from the ELF header
/// overrides whatever the run did on this host.</param>
/// <param name="AgreementNote">Why prediction and observation differ, when they do.</param>
/// <param name="Emulated">The binary ran through a binfmt_misc emulator (qemu-user), not on this host's own CPU.</param>
/// <param name="Why">The missing pieces, one per line, all of them.</param>
/// <param name="RunsOn">Where in the matrix this build of the binary starts, and the oldest of those.</param>
/// <param name="Remedies">What to change so that it runs here.</param>
public sealed record Explanation(
    Prediction Prediction,
    Verdict Observed,
    Verdict Final,
    Agreement Agreement,
    string? AgreementNote,
    bool Emulated,
    IReadOnlyList<string> Why,
    string RunsOn,
    IReadOnlyList<string> Remedies);
