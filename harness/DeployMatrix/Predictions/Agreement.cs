namespace DeployMatrix.Predictions;

/// <summary>How the observed verdict of a cell relates to its prediction.</summary>
public enum Agreement
{
    /// <summary>The run gave what the binary and the image said it would.</summary>
    Agrees,

    /// <summary>They differ for a reason the explanation names (a run under emulation, a symbol the fingerprint cannot know).</summary>
    Explained,

    /// <summary>They differ and nothing explains it: the prediction or the classification is wrong somewhere.</summary>
    Disagrees,
}
