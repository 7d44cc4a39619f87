namespace DeployMatrix.Engine;

/// <summary>No container engine answers at the endpoint the harness was pointed at.</summary>
internal sealed class EngineUnavailableException(string message, Exception? innerException = null)
    : DeployMatrixException(message, innerException ?? new InvalidOperationException(message));
