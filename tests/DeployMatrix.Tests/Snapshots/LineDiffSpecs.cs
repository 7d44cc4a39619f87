using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>A changed snapshot is shown as the lines that changed, old before new, with a little context.</summary>
public sealed class LineDiffSpecs
{
    [Fact]
    public void A_changed_line_reads_as_the_old_line_then_the_new_one()
    {
        var diff = LineDiff.Format("verdict: ran\n--- stdout\nhello\nmachine: x86_64\n", "verdict: ran\n--- stdout\nhello!\nmachine: x86_64\n");

        Assert.Equal("  verdict: ran\n  --- stdout\n- hello\n+ hello!\n  machine: x86_64\n", diff);
    }

    [Fact]
    public void Lines_far_from_a_change_are_left_out()
    {
        var before = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var after = before.Replace("line 10", "line ten", StringComparison.Ordinal);

        var diff = LineDiff.Format(before, after, context: 1);

        Assert.Equal("  line 9\n- line 10\n+ line ten\n  line 11\n", diff);
    }

    [Fact]
    public void Separate_changes_are_marked_apart()
    {
        var before = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var after = before.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 19", "line nineteen", StringComparison.Ordinal);

        var diff = LineDiff.Format(before, after, context: 0);

        Assert.Equal("- line 2\n+ line two\n  ...\n- line 19\n+ line nineteen\n", diff);
    }
}
