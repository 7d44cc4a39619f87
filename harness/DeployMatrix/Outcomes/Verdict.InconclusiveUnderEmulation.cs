namespace DeployMatrix.Outcomes;

internal abstract partial record Verdict
{
    /// <summary>
    /// The binary is predicted to start, and its run through an emulator crashed, was killed by a signal or hung: a
    /// fault qemu-user is known for (Go runtimes, signal handling, unemulated instructions) as much as the binary's.
    /// The run proves nothing either way; only a machine of the platform can tell. One verdict for all of these, so
    /// that a crash in one run and a hang in the next read alike.
    /// </summary>
    /// <param name="Platform">The cell's platform, which this host runs only through the emulator.</param>
    /// <param name="Observed">What the emulated run gave.</param>
    /// <param name="FaultText">The emulator's or the runtime's line that shows the fault, when one was printed.</param>
    public sealed record InconclusiveUnderEmulation(string Platform, Verdict Observed, string? FaultText = null) : Verdict
    {
        public override string Text => "inconclusive under emulation";
    }
}
