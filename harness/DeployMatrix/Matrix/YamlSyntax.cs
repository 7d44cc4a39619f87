using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DeployMatrix.Matrix;

/// <summary>
/// The YAML faults of a matrix file, found before the configuration layer reads it: that layer reports them as a
/// stack of wrapped exceptions, some without a position, and takes a key given twice as the last one. Each fault
/// names the line and column, counted from 1, as editors show them.
/// </summary>
internal static class YamlSyntax
{
    /// <summary>
    /// The most nodes a matrix may hold once its aliases are expanded: a matrix of thousands of cells holds tens of
    /// thousands; nine anchors of nine aliases each already make 387 million ("billion laughs").
    /// </summary>
    public const long LargestExpansion = 100_000;

    /// <summary>The deepest nesting of lists and mappings: a matrix needs six levels.</summary>
    public const int DeepestNesting = 32;

    /// <summary>Throws a <see cref="MatrixException"/> naming the line and column of the first fault in <paramref name="file"/>.</summary>
    public static void Check(string file)
    {
        var text = File.ReadAllText(file);
        var display = MatrixSources.DisplayPath(file);
        if (TabIndentation(text) is { } tab)
        {
            throw Fault(display, tab, "a tab in the indentation; YAML indents with spaces");
        }

        var frames = new Stack<Frame>();
        var parser = new Parser(new StringReader(text));
        var expansion = new AliasExpansion(display);
        var roots = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (frames.Count == 0 && current is NodeEvent)
                {
                    roots++;
                    if (current is not MappingStart)
                    {
                        throw Fault(display, current.Start, "the file holds a list or a single value; a matrix is keys and their values (binaries:, targets:, ...)");
                    }
                }

                Visit(display, frames, current);
                expansion.Visit(current);
                if (frames.Count > DeepestNesting)
                {
                    throw Fault(display, current.Start, $"lists and mappings nest more than {DeepestNesting} levels deep here; a matrix needs six");
                }
            }
        }
        catch (YamlException e)
        {
            throw Fault(display, e.Start, $"not valid YAML: {e.Message.TrimEnd('.')}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails so, without a position, on a flow collection left open at the end of the file.
            var open = frames.FirstOrDefault(f => f.Flow);
            throw open is null
                ? new MatrixException(display, "", "not valid YAML: it ends in the middle of a value")
                : Fault(display, open.Start, $"not valid YAML: this '{(open.Mapping ? '{' : '[')}' is never closed");
        }

        if (roots == 0)
        {
            throw new MatrixException(display, "", "the file is empty: a matrix lists binaries and targets (see matrix.yaml)");
        }
    }

    private static void Visit(string display, Stack<Frame> frames, ParsingEvent current)
    {
        if (current is NodeEvent && frames.TryPeek(out var parent) && parent.Mapping)
        {
            if (parent.ExpectingKey && current is Scalar key && !parent.Keys.TryAdd(key.Value, key.Start))
            {
                var first = parent.Keys[key.Value];
                throw Fault(display, key.Start, $"'{key.Value}' is given twice in one mapping (first at line {first.Line}, column {first.Column}); keep one");
            }

            parent.ExpectingKey = !parent.ExpectingKey;
        }

        switch (current)
        {
            case MappingStart mapping:
                frames.Push(new Frame(true, mapping.Style == MappingStyle.Flow, mapping.Start));
                break;
            case SequenceStart sequence:
                frames.Push(new Frame(false, sequence.Style == SequenceStyle.Flow, sequence.Start));
                break;
            case MappingEnd or SequenceEnd:
                frames.Pop();
                break;
        }
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

    private static MatrixException Fault(string display, Mark at, string problem) =>
        new(display, $"line {at.Line}, column {at.Column}", problem);

    /// <summary>
    /// Counts the nodes the file holds as a reader expanding its aliases would make them, as they are parsed: each
    /// node counts once, an alias as many as the node it names did. The count stops at
    /// <see cref="LargestExpansion"/>, before anything has expanded.
    /// </summary>
    private sealed class AliasExpansion(string display)
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
                throw Fault(display, at.Start, $"its aliases expand the matrix past {LargestExpansion} nodes (an alias of an alias of ...); write the values out, or use fewer levels of aliases");
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
