namespace DeployMatrix.Snapshots;

/// <summary>What a <see cref="Judgement"/> decided.</summary>
internal enum JudgementKind
{
    /// <summary>It matches, or is new on a workstation, and agrees with its prediction or is explained.</summary>
    Passes,

    /// <summary>Run through an emulator that crashed or hung where the binary should start: only a machine of its platform decides it.</summary>
    Inconclusive,

    /// <summary>Its snapshot changed (or is new on a build server), or its run contradicts its prediction unexplained.</summary>
    Fails,
}
