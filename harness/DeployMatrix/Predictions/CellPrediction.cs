using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>A cell's prediction with what it was made from, and where else in the matrix the same build starts.</summary>
/// <param name="Prediction">What the binary and the image say.</param>
/// <param name="Binary">The binary, as read.</param>
/// <param name="Image">The fingerprint of the cell's image.</param>
/// <param name="Platform">The cell's platform.</param>
/// <param name="Compatibility">Where in the matrix this build starts.</param>
internal sealed record CellPrediction(Prediction Prediction, ElfFile Binary, ImageFingerprint Image, Platform Platform, BinaryCompatibility Compatibility)
{
    /// <summary>
    /// Whether the cell is run. Not when the binary's ELF header names another platform: the header decides, and a
    /// host that runs both, or an emulator, would start it where a real machine would not.
    /// </summary>
    public bool Runs => !Prediction.IsWrongArchitecture;
}
