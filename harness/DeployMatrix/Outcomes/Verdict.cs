namespace DeployMatrix.Outcomes;

/// <summary>
/// What running a binary in a container came to. A closed set: the private constructor admits only the nested
/// records, one per verdict, each with its details as typed data and a one-line <see cref="Text"/> for reports and
/// snapshots.
/// </summary>
internal abstract partial record Verdict
{
    private Verdict()
    {
    }

    /// <summary>One line for humans and snapshots, e.g. <c>missing library libssl.so.3</c>.</summary>
    public abstract string Text { get; }

    /// <summary>
    /// False when the kernel never started the program (its interpreter is missing, it is built for another machine):
    /// then no exit code or output is the program's, and what the run printed came from the runtime, a shell, a
    /// launcher or an emulator, which differ from host to host.
    /// </summary>
    public virtual bool ProgramStarted => true;

    public sealed override string ToString() => Text;

    /// <summary>
    /// Folds in the verdict of a later stderr line of the same kind. Loaders that report several failures in one run
    /// (glibc's missing versions, musl's missing libraries) yield one verdict listing all of them.
    /// </summary>
    internal virtual Verdict Combine(Verdict later) => this;
}
