namespace DeployMatrix;

/// <summary>
/// A failure the user can act on. The message names what is wrong (file, key, value, image, command) and how to fix it;
/// front ends print it as is, without a stack trace.
/// </summary>
public class DeployMatrixException : Exception
{
    public DeployMatrixException(string message)
        : base(message)
    {
    }

    public DeployMatrixException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
