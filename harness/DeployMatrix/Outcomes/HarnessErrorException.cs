namespace DeployMatrix.Outcomes;

/// <summary>
/// The run says nothing about the binary because the harness or the engine failed (the container never started, the
/// binary was not copied in): not a verdict, and never to be reported as one.
/// </summary>
internal sealed class HarnessErrorException : DeployMatrixException
{
    public HarnessErrorException(string message)
        : base(message)
    {
    }

    public HarnessErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
