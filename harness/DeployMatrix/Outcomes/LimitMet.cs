namespace DeployMatrix.Outcomes;

/// <summary>A limit of the container that stopped something the program tried.</summary>
/// <param name="Limit">The limit, named as the runner settings name it: <c>memory</c>, <c>scratch</c>.</param>
/// <param name="Text">One line for snapshots and reports: <c>memory (256 MiB): killed by the kernel's out-of-memory killer</c>.</param>
internal sealed record LimitMet(string Limit, string Text)
{
    public override string ToString() => Text;
}
