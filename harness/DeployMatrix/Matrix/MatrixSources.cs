using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using NetEscapades.Configuration.Yaml;

namespace DeployMatrix.Matrix;

/// <summary>
/// Where a matrix's settings come from, lowest precedence first: built-in defaults, the matrix file, environment
/// variables (<c>DEPLOYMATRIX_FILTER__TARGETS=debian-12</c>), the command line (<c>--filter:targets=debian-12</c>).
/// </summary>
internal static class MatrixSources
{
    public const string EnvironmentPrefix = "DEPLOYMATRIX_";

    public const string DefaultFile = "matrix.yaml";

    /// <summary>The largest matrix file read: a generated matrix of thousands of cells is a few hundred KiB.</summary>
    public const long LargestFile = 16L << 20;

    /// <summary>The built-in defaults, the lowest layer.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["defaults:timeout"] = "30s",
        ["snapshots"] = "snapshots",
        ["runner:parallel"] = RunnerSettings.Default.Parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The matrix file named by <c>matrix</c> in the environment or on the command line, else
    /// <see cref="DefaultFile"/>, relative to <paramref name="baseDirectory"/>.
    /// </summary>
    public static string ResolveFile(string baseDirectory, IReadOnlyList<string> commandLine, string? file = null)
    {
        var overrides = Overrides(new ConfigurationBuilder(), commandLine).Build();
        return Path.GetFullPath(file ?? overrides["matrix"] ?? DefaultFile, baseDirectory);
    }

    public static IConfigurationRoot Build(string file, IReadOnlyList<string> commandLine)
    {
        if (System.IO.Directory.Exists(file))
        {
            throw new MatrixException(DisplayPath(file), "matrix", "is a directory; name a matrix file (matrix.yaml, matrices/*.yaml)");
        }

        if (!System.IO.File.Exists(file))
        {
            throw new MatrixException(DisplayPath(file), "matrix", "no such file: name an existing matrix (matrix.yaml, matrices/*.yaml)");
        }

        if (InputFile.Problem(file, "a matrix", LargestFile) is { } problem)
        {
            throw new MatrixException(DisplayPath(file), "matrix", problem);
        }

        try
        {
            YamlSyntax.Check(file);
            var builder = new ConfigurationBuilder().AddInMemoryCollection(Defaults).AddYamlFile(file, optional: false, reloadOnChange: false);
            return Overrides(builder, commandLine).Build();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MatrixException(DisplayPath(file), "matrix", $"cannot be read: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new MatrixException(DisplayPath(file), "", $"not a valid matrix: {e.Message}");
        }
    }

    /// <summary>How a provider is named in error messages: the matrix file, or which kind of override.</summary>
    public static string Describe(IConfigurationProvider provider, string key, string file) => provider switch
    {
        YamlConfigurationProvider => DisplayPath(file),
        EnvironmentVariablesConfigurationProvider => $"environment variable {EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}",
        CommandLineConfigurationProvider => $"command line --{key}",
        MemoryConfigurationProvider => "built-in default",
        _ => provider.ToString() ?? "configuration",
    };

    /// <summary>A path as the user would write it: relative to the current directory when inside it.</summary>
    public static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static IConfigurationBuilder Overrides(IConfigurationBuilder builder, IReadOnlyList<string> commandLine) =>
        builder.AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine([.. commandLine]);
}
