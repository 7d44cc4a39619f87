using DeployMatrix.Containers.Runc;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>Why the bubblewrap runner cannot work on this host or for this spec; <c>runtime: auto</c> then uses another.</summary>
internal sealed class BubblewrapUnavailableException(string reason) : RuncUnavailableException(reason);
