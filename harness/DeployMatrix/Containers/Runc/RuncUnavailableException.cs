namespace DeployMatrix.Containers.Runc;

/// <summary>Why the runc runner cannot work on this host or for these images; <c>runtime: auto</c> then uses the engine.</summary>
internal class RuncUnavailableException(string reason) : DeployMatrixException(reason);
