namespace DeployMatrix.Containers;

/// <summary>A program's standard input: the request's bytes, then end of file.</summary>
internal static class ProgramInput
{
    public static async Task WriteAsync(Stream stdin, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            await stdin.WriteAsync(bytes).ConfigureAwait(false);
            stdin.Close();
        }
        catch (IOException)
        {
            // The program ended before reading all its input: nothing is lost, its result is collected as usual.
        }
    }
}
