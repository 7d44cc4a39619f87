using Microsoft.Extensions.Configuration;

namespace DeployMatrix.Matrix;

/// <summary>
/// The settings a matrix is read with, each with the layer that set it: the built-in defaults, the matrix file, an
/// environment variable, the command line. A key's value is the last layer's that has it, which is what
/// <see cref="MatrixReader"/> reads. Described as layered, before any check: a value the reader would refuse still
/// shows, with where it came from.
/// </summary>
/// <param name="File">The matrix file's full path.</param>
/// <param name="FileSource">What named the file: the command line argument, <c>--matrix</c>, <c>DEPLOYMATRIX_MATRIX</c> or the built-in default.</param>
/// <param name="Settings">Every key that has a value, in key order (list items by number), <c>matrix</c> aside.</param>
internal sealed record MatrixSettingsReport(string File, string FileSource, IReadOnlyList<MatrixSettingsReport.Setting> Settings)
{
    private const string CommandLineArgument = "command line argument";

    private const string BuiltInDefault = "built-in default";

    /// <summary>Describes the matrix <see cref="MatrixReader.Load"/> would read with the same arguments.</summary>
    public static MatrixSettingsReport Describe(string baseDirectory, IReadOnlyList<string> commandLine, string? file = null)
    {
        var path = MatrixSources.ResolveFile(baseDirectory, commandLine, file);
        var config = MatrixSources.Build(path, commandLine);
        var layers = config.Providers.Reverse().ToList();

        // The file's own "matrix" key cannot choose the file it is in: only the overrides can.
        var fileSource = file is not null ? CommandLineArgument
            : layers.FirstOrDefault(p => p is not MatrixFileProvider && p.TryGet("matrix", out _)) is { } provider
                ? MatrixSources.Describe(provider, "matrix", path)
                : BuiltInDefault;

        var settings = config.AsEnumerable()
            .Where(pair => pair.Value is not null && !string.Equals(pair.Key, MatrixSchema.MatrixFile.Path, StringComparison.OrdinalIgnoreCase))
            .Where(pair => !Shadowed(config, pair.Key))
            .OrderBy(pair => pair.Key, ConfigurationKeyComparer.Instance)
            .Select(pair => (Key: Canonical(pair.Key), pair.Value))
            .Select(pair => new Setting(pair.Key, pair.Value!, MatrixSources.Describe(layers.First(p => p.TryGet(pair.Key, out _)), pair.Key, path)))
            .ToList();
        return new MatrixSettingsReport(path, fileSource, settings);
    }

    /// <summary>
    /// Whether a higher layer gives the list that <paramref name="key"/> is an item of, or gives a list where the
    /// key's layer gave one value: a list is taken whole from the highest layer that gives it.
    /// </summary>
    private static bool Shadowed(IConfigurationRoot config, string key)
    {
        var owner = config.Providers.Last(p => p.TryGet(key, out _));
        var separator = key.LastIndexOf(':');
        var isItem = separator > 0 && int.TryParse(key[(separator + 1)..], out _);
        return MatrixSources.Origin(config, key) != owner || (isItem && MatrixSources.Origin(config, key[..separator]) != owner);
    }

    /// <summary>
    /// A key as the schema spells it: configuration keys ignore case, so an environment variable gives
    /// <c>FILTER:TARGETS</c> for <c>filter:targets</c>. A case's environment variable names keep theirs.
    /// </summary>
    private static string Canonical(string key)
    {
        var segments = key.Split(':');
        return string.Join(':', segments.Select((segment, i) =>
            i > 0 && string.Equals(segments[i - 1], "env", StringComparison.OrdinalIgnoreCase) ? segment : segment.ToLowerInvariant()));
    }

    /// <param name="Key">As the command line writes it: <c>defaults:timeout</c>, <c>binaries:0:path</c>.</param>
    /// <param name="Value">The value that counts.</param>
    /// <param name="Source">The layer it came from, named as error messages name it.</param>
    public sealed record Setting(string Key, string Value, string Source);
}
