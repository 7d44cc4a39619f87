namespace DeployMatrix.Tests.Containers;

/// <summary>
/// Specs that leave containers of no live session on purpose run with no other spec alongside: every session that
/// starts removes such leftovers, and one started by a spec in parallel would remove them first, even while runc is
/// still creating one (seen on CI as <c>error during container init</c>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "alone: runc leftovers";
}
