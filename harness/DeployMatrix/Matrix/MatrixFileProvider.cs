using System.Globalization;
using DeployMatrix.Yaml;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeployMatrix.Matrix;

/// <summary>
/// The matrix file as a configuration layer: its YAML read once (<see cref="YamlReader"/>), each value under its
/// configuration key (<c>binaries:0:cases:1:timeout</c>) with the line and column it was written at.
/// </summary>
internal sealed class MatrixFileProvider : ConfigurationProvider
{
    private static readonly YamlDocumentKind Matrix = new(
        "a matrix", "the matrix", "keys and their values (binaries:, targets:, ...)", "lists binaries and targets (see matrix.yaml)", "six");

    private readonly Dictionary<string, Mark> _positions = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _display;

    /// <param name="display">The file as messages name it.</param>
    public MatrixFileProvider(string file, string display)
    {
        _display = display;
        Add(null, YamlReader.Read(file, display, Matrix));
    }

    /// <summary>Where the value of <paramref name="key"/>, or the first value under it, was written.</summary>
    public Mark? PositionOf(string key) =>
        _positions.TryGetValue(key, out var at) ? at
        : _positions.Where(p => p.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Value).OrderBy(m => m.Line).ThenBy(m => m.Column).Cast<Mark?>().FirstOrDefault();

    private void Add(string? key, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar when key is not null:
                Data[key] = IsNull(scalar) ? null : scalar.Value;
                _positions[key] = scalar.Start;
                break;
            case YamlMappingNode mapping:
                foreach (var (name, value) in mapping.Children)
                {
                    Add(Child(key, name is YamlScalarNode { Value: { } text }
                        ? text
                        : throw new YamlFormatException(_display, name.Start, "a key that is a list or a mapping; a key is a name")), value);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Add(Child(key, i.ToString(CultureInfo.InvariantCulture)), sequence.Children[i]);
                }

                break;
        }
    }

    private static string Child(string? key, string name) => key is null ? name : $"{key}:{name}";

    // As YAML 1.2's core schema: '~' and 'null' unquoted are no value; an empty value is the empty text.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "Null" or "NULL";
}
