using System.Text;

namespace DeployMatrix.Snapshots;

/// <summary>A unified-style line diff, small and dependency-free, for showing a reviewer what a snapshot change is.</summary>
internal static class LineDiff
{
    /// <summary>
    /// The lines of <paramref name="expected"/> and <paramref name="actual"/> with <c>-</c> before removed lines,
    /// <c>+</c> before added ones and two spaces before unchanged ones; only changes and up to
    /// <paramref name="context"/> lines around them.
    /// </summary>
    public static string Format(string expected, string actual, int context = 3)
    {
        var before = Lines(expected);
        var after = Lines(actual);
        var edits = Edits(before, after);
        var changed = edits.Select((edit, i) => (edit, i)).Where(e => e.edit.Mark != ' ').Select(e => e.i).ToList();
        var output = new StringBuilder();
        var lastShown = -1;
        for (var i = 0; i < edits.Count; i++)
        {
            if (!changed.Any(c => Math.Abs(c - i) <= context))
            {
                continue;
            }

            if (lastShown >= 0 && i > lastShown + 1)
            {
                output.AppendLine("  ...");
            }

            output.Append(edits[i].Mark).Append(' ').AppendLine(edits[i].Line);
            lastShown = i;
        }

        return output.ToString();
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    // Longest common subsequence over lines: snapshots are tens of lines, so the quadratic table is cheap.
    private static List<(char Mark, string Line)> Edits(string[] before, string[] after)
    {
        var common = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var edits = new List<(char, string)>();
        int b = 0, a = 0;
        while (b < before.Length || a < after.Length)
        {
            if (b < before.Length && a < after.Length && before[b] == after[a])
            {
                edits.Add((' ', before[b++]));
                a++;
            }
            else if (b < before.Length && (a == after.Length || common[b + 1, a] >= common[b, a + 1]))
            {
                // On a tie the removal goes first, so a changed line reads as "- old" then "+ new".
                edits.Add(('-', before[b++]));
            }
            else
            {
                edits.Add(('+', after[a++]));
            }
        }

        return edits;
    }
}
