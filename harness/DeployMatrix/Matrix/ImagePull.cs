namespace DeployMatrix.Matrix;

/// <summary>
/// When a target's image is pulled from its registry (<c>pull:</c> of a target, or <c>defaults: pull:</c>). Images
/// built here (<c>deploymatrix/…</c>) are never pulled.
/// </summary>
internal enum ImagePull
{
    /// <summary>Only when no copy for the cell's platform is here: a second run asks the registry nothing.</summary>
    Missing,

    /// <summary>On every run, so that a moved tag is followed; the registry must answer.</summary>
    Always,

    /// <summary>Never: the copy must be here, and a run never reaches a registry.</summary>
    Never,
}
