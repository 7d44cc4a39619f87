using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using DeployMatrix.Yaml;

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
            var builder = new ConfigurationBuilder().AddInMemoryCollection(MatrixSchema.BuiltIn).Add(new FileSource(new MatrixFileProvider(file, DisplayPath(file))));
            return Overrides(builder, commandLine).Build();
        }
        catch (YamlFormatException e)
        {
            throw new MatrixException(e.File, e.At, e.Problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MatrixException(DisplayPath(file), "matrix", $"cannot be read: {e.Message}");
        }
    }

    /// <summary>How a provider is named in error messages: the matrix file, or which kind of override.</summary>
    public static string Describe(IConfigurationProvider provider, string key, string file) => provider switch
    {
        MatrixFileProvider => DisplayPath(file),
        EnvironmentVariablesConfigurationProvider => $"environment variable {EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}",
        CommandLineConfigurationProvider => $"command line --{key}",
        MemoryConfigurationProvider => "built-in default",
        _ => provider.ToString() ?? "configuration",
    };

    /// <summary>The highest layer that gives <paramref name="key"/> a value or keys below it: the one whose value counts.</summary>
    public static IConfigurationProvider? Origin(IConfigurationRoot config, string key) =>
        config.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _) || p.GetChildKeys([], key).Any());

    /// <summary>A fault of <paramref name="key"/>, named by the layer that gave it, and in the file by line and column.</summary>
    public static MatrixException Fault(IConfigurationRoot config, string file, string key, string display, string problem)
    {
        var origin = Origin(config, key);
        var at = (origin as MatrixFileProvider)?.PositionOf(key) is { } position ? $" ({YamlFormatException.Position(position)})" : "";
        return new MatrixException(origin is null ? DisplayPath(file) : Describe(origin, key, file), display, problem + at);
    }

    /// <summary>A path as the user would write it: relative to the current directory when inside it.</summary>
    public static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    /// <summary>Hands the file's provider, read once already, to the builder.</summary>
    private sealed class FileSource(MatrixFileProvider provider) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
    }

    private static IConfigurationBuilder Overrides(IConfigurationBuilder builder, IReadOnlyList<string> commandLine) =>
        builder.AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine([.. commandLine]);
}
