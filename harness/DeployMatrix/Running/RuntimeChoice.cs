using DeployMatrix.Containers;

namespace DeployMatrix.Running;

/// <summary>The runtime a run uses, and why it is not runc when <c>runtime: auto</c> could not use it.</summary>
internal sealed record RuntimeChoice(ContainerRuntime Runtime, string? WhyNotRunc)
{
    public override string ToString() =>
        WhyNotRunc is null ? Runtime.ToString().ToLowerInvariant() : $"{Runtime.ToString().ToLowerInvariant()} (not runc: {WhyNotRunc})";
}
