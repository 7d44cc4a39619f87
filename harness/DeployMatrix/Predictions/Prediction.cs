using DeployMatrix.Outcomes;

namespace DeployMatrix.Predictions;

/// <summary>
/// What the binary and the image's fingerprint say will happen, before anything runs: the verdict the loader will
/// give (null when the loader finds everything and the program starts), and every missing piece at once, where the
/// loader itself stops at the first.
/// </summary>
/// <param name="Expected">The expected verdict, or null when the program is expected to start.</param>
/// <param name="MissingLibraries">Every needed library the image's loader cannot find.</param>
/// <param name="MissingVersions">Every needed symbol version the image's libraries lack.</param>
/// <param name="ShippedElsewhere">
/// For a missing library that the bundle does hold, where it holds it: the loader was not told to look there.
/// </param>
internal sealed record Prediction(
    Verdict? Expected,
    IReadOnlyList<string> MissingLibraries,
    IReadOnlyList<MissingVersion> MissingVersions,
    IReadOnlyDictionary<string, ShippedLibrary>? ShippedElsewhere = null)
{
    public bool Starts => Expected is null;

    public bool IsWrongArchitecture => Expected is Verdict.WrongArchitecture;

    public string Text => Expected?.Text ?? "starts (the loader finds everything it needs)";
}
