using System.Text.Json.Nodes;
using DeployMatrix.Pipeline;
using DeployMatrix.Xunit;
using Docker.DotNet.Models;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Hostile;

/// <summary>What the hostile run gave: the cells, and the host before, during and after it.</summary>
/// <param name="Cells">The cells' results.</param>
/// <param name="Before">The host before the session started.</param>
/// <param name="During">What was watched while the programs ran.</param>
/// <param name="After">The host once the session had ended.</param>
/// <param name="ContainersLeft">The session's containers the engine or runc still had after it ended, and its bundle directory if still there.</param>
/// <param name="VolumesLeft">The session's volumes the engine still had after it ended.</param>
internal sealed record HostileOutcome(
    MatrixRun Cells, HostState Before, HostileOutcome.Watched During, HostState After,
    IReadOnlyList<string> ContainersLeft, IReadOnlyList<string> VolumesLeft)
{
    /// <param name="ProgramsSeen">The programs seen running on the host, by path.</param>
    /// <param name="Interfaces">Every network interface the host had at some moment of the run.</param>
    /// <param name="Containers">Each container of the session seen, as the engine described it, by id.</param>
    /// <param name="RuncSpecs">Each runc container of the session seen, by the spec runc was given, by id.</param>
    public sealed record Watched(
        IReadOnlySet<string> ProgramsSeen, IReadOnlySet<string> Interfaces, IReadOnlyDictionary<string, ContainerInspectResponse> Containers,
        IReadOnlyDictionary<string, JsonObject> RuncSpecs);
}
