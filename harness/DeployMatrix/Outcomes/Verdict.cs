namespace DeployMatrix.Outcomes;

/// <summary>
/// What running a binary in a container came to. A closed set: the private constructor admits only the nested
/// records, one per verdict, each with its details as typed data and a one-line <see cref="Text"/> for reports and
/// snapshots.
/// </summary>
public abstract partial record Verdict
{
    private Verdict()
    {
    }

    /// <summary>One line for humans and snapshots, e.g. <c>missing library libssl.so.3</c>.</summary>
    public abstract string Text { get; }

    public sealed override string ToString() => Text;

    /// <summary>
    /// Folds in the verdict of a later stderr line of the same kind. Loaders that report several failures in one run
    /// (glibc's missing versions, musl's missing libraries) yield one verdict listing all of them.
    /// </summary>
    internal virtual Verdict Combine(Verdict later) => this;
}
