using DeployMatrix.Matrix;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>
/// What changes from run to run in a program's output is replaced, so that snapshots of two runs are equal: the
/// built-in rules, then a matrix's own scrubbers, of the matrix, the binary and the case, in that order.
/// </summary>
public sealed class ScrubberSpecs
{
    [Theory]
    [InlineData("hostname: 3f2a9c1b7d4e", "hostname: <container-id>")]
    [InlineData("/var/lib/docker/containers/3f2a9c1b7d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef/x", "/var/lib/docker/containers/<container-id>/x")]
    [InlineData("wrote /tmp/tmp.Xk3j9QwZ2a/out.txt", "wrote <temp-path>/out.txt")]
    [InlineData("buffer at 0x7ffd5a3b2c10 freed", "buffer at <address> freed")]
    [InlineData("took 12.5 ms", "took <duration>")]
    [InlineData("OpenSSL version number: 0x30000160", "OpenSSL version number: 0x30000160")]
    [InlineData("machine: x86_64", "machine: x86_64")]
    public void Output_is_scrubbed_of_what_differs_between_runs(string output, string scrubbed)
    {
        Assert.Equal(scrubbed, Scrubber.ScrubAll(output));
    }

    [Fact]
    public void A_matrixs_scrubbers_apply_after_the_built_in_ones_matrix_then_binary_then_case()
    {
        using var file = new MatrixFile(MatrixFile.Example
            .Replace("defaults:", "scrubbers:\n  - { pattern: 'took <duration>', replacement: 'took a while' }\ndefaults:", StringComparison.Ordinal)
            .Replace("    path: bin/{platform}/hello", "    path: bin/{platform}/hello\n    scrubbers:\n      - { pattern: 'a while', replacement: 'long' }", StringComparison.Ordinal)
            .Replace("        timeout: 500ms", "        timeout: 500ms\n        scrubbers:\n          - { pattern: '^took (\\w+)$', replacement: '$1 it took' }", StringComparison.Ordinal));

        var greeting = MatrixReader.Load(file.Directory, []).Binaries[0].Cases[1];

        Assert.Equal(["temporary path", "address", "container id", "duration", "scrubbers[0]", "binaries[0].scrubbers[0]", "binaries[0].cases[1].scrubbers[0]"],
            greeting.AllScrubbers.Select(s => s.Name));
        Assert.Equal("long it took\n", Scrubber.ScrubAll("took 3.5 s\n", greeting.AllScrubbers));
    }

    [Fact]
    public void A_pattern_runs_on_the_non_backtracking_engine_so_no_output_makes_it_run_away()
    {
        var (rule, problem) = Scrubber.Compile("scrubbers[0]", "(a+)+$", "x", timeout: null);

        Assert.Null(problem);
        Assert.Equal("x", Scrubber.ScrubAll(new string('a', 50_000), [rule!]));
    }

    [Theory]
    [InlineData(@"(\w+) \1", "needs backtracking (a backreference, lookaround or atomic group)")]
    [InlineData(@"(?<=pid )\d+", "needs backtracking (a backreference, lookaround or atomic group)")]
    [InlineData("pid (", "is not a regular expression: Invalid pattern 'pid (' at offset 5. Not enough )'s.")]
    [InlineData("", "an empty pattern")]
    public void A_pattern_that_could_run_away_or_is_not_one_is_refused_with_why(string pattern, string problem)
    {
        var (rule, why) = Scrubber.Compile("scrubbers[0]", pattern, "x", timeout: null);

        Assert.Null(rule);
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backtracking_pattern_with_a_timeout_is_taken_and_its_timeout_ends_a_runaway_with_a_message_naming_it()
    {
        var (rule, problem) = Scrubber.Compile("binaries[1].scrubbers[0]", @"^(\w+\s?)*\1$", "x", TimeSpan.FromMilliseconds(50));

        Assert.Null(problem);
        var error = Assert.Throws<DeployMatrixException>(() => Scrubber.ScrubAll(new string('a', 40) + "!", [rule!]));
        Assert.StartsWith("The scrubber binaries[1].scrubbers[0] (", error.Message, StringComparison.Ordinal);
        Assert.Contains("took longer than its timeout of 50ms", error.Message, StringComparison.Ordinal);
    }
}
