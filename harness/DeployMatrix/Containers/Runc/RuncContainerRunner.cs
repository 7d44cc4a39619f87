using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// Starts each bundle with runc itself, as the engine would start it but without the engine's per-container work
/// (create, shim, attach, inspect, remove through its API).
/// </summary>
internal sealed class RuncContainerRunner(BundleFactory bundles) : BundleContainerRunner(bundles)
{
    private readonly RuncCommand _runc = bundles.Session.Runc;

    public override ContainerRuntime Runtime => ContainerRuntime.Runc;

    protected override Process Start(RuncBundle bundle, JsonObject spec) => _runc.StartRun(bundle);

    protected override bool ProgramStarted(RuncBundle bundle) => bundle.ProgramStarted;

    protected override Task<bool> KillAsync(RuncBundle bundle) => _runc.KillAsync(bundle.Id);

    protected override string? StartError(RuncBundle bundle, int exitCode, OutputCapture output) => bundle.StartError();

    protected override void RemoveEnded(RuncBundle bundle) => _runc.RemoveEnded(bundle.Id);
}
