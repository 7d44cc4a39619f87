namespace DeployMatrix.Images;

/// <param name="WorkDirectory">Where builds make their root file systems and archives.</param>
/// <param name="Parallelism">How many images are built at once.</param>
internal sealed record ImageBuildOptions(string WorkDirectory, int Parallelism = ImageBuildOptions.DefaultParallelism)
{
    public const int DefaultParallelism = 3;

    /// <summary><c>$XDG_CACHE_HOME/deploymatrix</c>, else <c>~/.cache/deploymatrix</c>.</summary>
    public static string DefaultWorkDirectory() => CacheDirectory.Of();
}
