using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DeployMatrix.Yaml;

/// <summary>
/// Reads a YAML file of the harness (a matrix, an image catalog) once, into nodes that keep their line and column,
/// checking as it parses what YamlDotNet would pass or report badly: a tab in the indentation, a key given twice
/// (a dictionary would keep the last), aliases that expand without end, nesting without end, a top level that is
/// not a mapping. Each fault names the line and column, counted from 1, as editors show them.
/// </summary>
internal static class YamlReader
{
    /// <summary>
    /// The most nodes a file may hold once its aliases are expanded: a matrix of thousands of cells holds tens of
    /// thousands; nine anchors of nine aliases each already make 387 million ("billion laughs").
    /// </summary>
    public const long LargestExpansion = 100_000;

    /// <summary>The deepest nesting of lists and mappings: a matrix needs six levels.</summary>
    public const int DeepestNesting = 32;

    /// <summary>The top-level mapping of <paramref name="file"/>; a fault throws <see cref="YamlFormatException"/>.</summary>
    /// <param name="display">The file as messages name it.</param>
    public static YamlMappingNode Read(string file, string display, YamlDocumentKind kind) => Parse(File.ReadAllText(file), display, kind);

    /// <summary>The top-level mapping of <paramref name="text"/>; a fault throws <see cref="YamlFormatException"/>.</summary>
    /// <param name="display">The file the text is of, as messages name it.</param>
    public static YamlMappingNode Parse(string text, string display, YamlDocumentKind kind)
    {
        if (TabIndentation(text) is { } tab)
        {
            throw new YamlFormatException(display, tab, "a tab in the indentation; YAML indents with spaces");
        }

        var parser = new CheckingParser(new Parser(new StringReader(text)), display, kind);
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new YamlFormatException(display, e.Start, $"not valid YAML: {e.Message.TrimEnd('.')}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails so, without a position, on a flow collection left open at the end of the file.
            throw parser.OpenFlow is not { } open
                ? new YamlFormatException(display, null, "not valid YAML: it ends in the middle of a value")
                : new YamlFormatException(display, open.Start, $"not valid YAML: this '{(open.Mapping ? '{' : '[')}' is never closed");
        }

        return stream.Documents.Count > 0
            ? (YamlMappingNode)stream.Documents[0].RootNode
            : throw new YamlFormatException(display, null, $"the file is empty: {kind.Noun} {kind.Contents}");
    }

    /// <summary>The first tab before a line's content, where YAML allows only spaces.</summary>
    private static Mark? TabIndentation(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indentation = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indentation);
            if (tab >= 0 && lines[i].TrimStart(' ', '\t') is { Length: > 0 } content && !content.StartsWith('#'))
            {
                return new Mark(0, i + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>Passes YamlDotNet's events to the node builder, each checked before the builder sees it.</summary>
    private sealed class CheckingParser(IParser inner, string display, YamlDocumentKind kind) : IParser
    {
        private readonly Stack<Frame> _frames = new();
        private readonly AliasExpansion _expansion = new(display, kind);

        public ParsingEvent? Current => inner.Current;

        /// <summary>The outermost <c>[</c> or <c>{</c> still open, for a file that ends inside it.</summary>
        public Frame? OpenFlow => _frames.LastOrDefault(f => f.Flow);

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            var current = inner.Current!;
            if (_frames.Count == 0 && current is NodeEvent and not MappingStart)
            {
                throw new YamlFormatException(display, current.Start, $"the file holds a list or a single value; {kind.Noun} is {kind.TopLevel}");
            }

            Visit(current);
            _expansion.Visit(current);
            return _frames.Count <= DeepestNesting
                ? true
                : throw new YamlFormatException(display, current.Start, $"lists and mappings nest more than {DeepestNesting} levels deep here; {kind.Noun} needs {kind.Depth}");
        }

        private void Visit(ParsingEvent current)
        {
            if (current is NodeEvent && _frames.TryPeek(out var parent) && parent.Mapping)
            {
                if (parent.ExpectingKey && current is Scalar key && !parent.Keys.TryAdd(key.Value, key.Start))
                {
                    var first = parent.Keys[key.Value];
                    throw new YamlFormatException(display, key.Start, $"'{key.Value}' is given twice in one mapping (first at line {first.Line}, column {first.Column}); keep one");
                }

                parent.ExpectingKey = !parent.ExpectingKey;
            }

            switch (current)
            {
                case MappingStart mapping:
                    _frames.Push(new Frame(true, mapping.Style == MappingStyle.Flow, mapping.Start));
                    break;
                case SequenceStart sequence:
                    _frames.Push(new Frame(false, sequence.Style == SequenceStyle.Flow, sequence.Start));
                    break;
                case MappingEnd or SequenceEnd:
                    _frames.Pop();
                    break;
            }
        }
    }

    /// <summary>
    /// Counts the nodes the file holds as a reader expanding its aliases would make them, as they are parsed: each
    /// node counts once, an alias as many as the node it names did. The count stops at
    /// <see cref="LargestExpansion"/>, before anything has expanded.
    /// </summary>
    private sealed class AliasExpansion(string display, YamlDocumentKind kind)
    {
        private readonly Stack<(long Nodes, string? Anchor)> _open = new();
        private readonly Dictionary<string, long> _anchored = new(StringComparer.Ordinal);
        private long _total;

        public void Visit(ParsingEvent current)
        {
            switch (current)
            {
                case AnchorAlias alias:
                    Add(alias, _anchored.TryGetValue(alias.Value.Value, out var nodes) ? nodes : 1);
                    break;
                case Scalar scalar:
                    Add(scalar, 1);
                    if (!scalar.Anchor.IsEmpty)
                    {
                        _anchored[scalar.Anchor.Value] = 1;
                    }

                    break;
                case NodeEvent node:
                    Add(node, 1);
                    _open.Push((0, node.Anchor.IsEmpty ? null : node.Anchor.Value));
                    break;
                case MappingEnd or SequenceEnd when _open.Count > 0:
                    var (inside, anchor) = _open.Pop();
                    if (_open.TryPop(out var parent))
                    {
                        _open.Push((parent.Nodes + inside, parent.Anchor));
                    }

                    if (anchor is not null)
                    {
                        _anchored[anchor] = inside + 1;
                    }

                    break;
            }
        }

        private void Add(ParsingEvent at, long nodes)
        {
            _total += nodes;
            if (_open.TryPop(out var top))
            {
                _open.Push((top.Nodes + nodes, top.Anchor));
            }

            if (_total > LargestExpansion)
            {
                throw new YamlFormatException(display, at.Start, $"its aliases expand {kind.Definite} past {LargestExpansion} nodes (an alias of an alias of ...); write the values out, or use fewer levels of aliases");
            }
        }
    }

    private sealed class Frame(bool mapping, bool flow, Mark start)
    {
        public bool Mapping { get; } = mapping;

        public bool Flow { get; } = flow;

        public Mark Start { get; } = start;

        public bool ExpectingKey { get; set; } = true;

        // Configuration keys are case-insensitive, so Timeout and timeout are the same key given twice.
        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
