namespace DeployMatrix.Predictions;

/// <summary>A library the bundle holds where the loader was not told to look.</summary>
/// <param name="Path">The library in the container: <c>/app/lib/libgreet.so.1</c>.</param>
/// <param name="Directory">Its directory: <c>/app/lib</c>.</param>
/// <param name="FromOrigin">That directory as a RUNPATH entry relative to the binary: <c>$ORIGIN/../lib</c>.</param>
internal sealed record ShippedLibrary(string Path, string Directory, string FromOrigin)
{
    public static ShippedLibrary At(string path, string programPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(programPath);
        var directory = path[..path.LastIndexOf('/')];
        var relative = System.IO.Path.GetRelativePath(programPath[..programPath.LastIndexOf('/')], directory);
        return new ShippedLibrary(path, directory, relative == "." ? "$ORIGIN" : $"$ORIGIN/{relative}");
    }
}
