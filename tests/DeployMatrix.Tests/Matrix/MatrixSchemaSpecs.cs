using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// One schema drives the matrix: each key is written once with its kind, range, default and help, and reading,
/// the built-in defaults, the messages and the README's table of keys all come from it.
/// </summary>
public sealed class MatrixSchemaSpecs
{
    [Fact]
    public void The_readme_lists_every_key_as_the_schema_describes_it()
    {
        var readme = File.ReadAllText(Path.Combine(HarnessAssets.Locate().Root, "README.md"));

        Assert.Contains(MatrixKeyTable.Markdown(), readme, StringComparison.Ordinal);
    }

    [Fact]
    public void A_matrix_that_sets_nothing_runs_with_the_schemas_defaults()
    {
        using var file = new MatrixFile(MatrixFile.Example.Replace("  timeout: 10s", "  pull: never", StringComparison.Ordinal));

        var matrix = MatrixReader.Load(file.Directory, []);

        Assert.Equal(TimeSpan.FromSeconds(30), matrix.Binaries[0].Cases[0].Timeout);
        Assert.Equal(256L << 20, matrix.Runner.Limits.MemoryBytes);
        Assert.Equal(["/tmp"], matrix.Runner.Limits.Writable);
        Assert.All(matrix.Targets, target => Assert.Equal(ImagePull.Never, target.Pull));
    }

    [Fact]
    public void A_key_another_issue_added_is_one_entry_that_reading_defaults_messages_and_the_table_all_take_from()
    {
        // runner.root-size, which issue 19 added: its entry names its kind (a size, with its range), default and help.
        var key = MatrixSchema.Runner.RootSize;
        var shown = key.Path.Replace(':', '.');
        using var unset = new MatrixFile(MatrixFile.Example);
        using var set = new MatrixFile(MatrixFile.Example + "\nrunner:\n  root-size: 128m\n");
        using var bad = new MatrixFile(MatrixFile.Example + "\nrunner:\n  root-size: lots\n");
        using var misspelt = new MatrixFile(MatrixFile.Example + "\nrunner:\n  root-sise: 1m\n");

        Assert.Equal(key.Kind.Parse(key.Default!), MatrixReader.Load(unset.Directory, []).Runner.Limits.RootBytes);
        Assert.Equal(128L << 20, MatrixReader.Load(set.Directory, []).Runner.Limits.RootBytes);
        Assert.Equal(1L << 30, MatrixReader.Load(set.Directory, ["--runner:root-size=1g"]).Runner.Limits.RootBytes);
        Assert.StartsWith(
            $"{bad.Path}: {shown}: 'lots' is not a size", Assert.Throws<MatrixException>(() => MatrixReader.Load(bad.Directory, [])).Message, StringComparison.Ordinal);
        Assert.EndsWith(
            $"did you mean {key.Name}?", Assert.Throws<MatrixException>(() => MatrixReader.Load(misspelt.Directory, [])).Message, StringComparison.Ordinal);
        Assert.Contains($"| `{shown}` |", MatrixKeyTable.Markdown(), StringComparison.Ordinal);
        Assert.Contains(key.Help, MatrixKeyTable.Markdown(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runner:\n  memroy: 1g\n", "runner.memroy: unknown key; expected one of parallel, memory, processes, cpus, output, scratch, root, root-size, open-files, writable, runtime; did you mean memory?")]
    [InlineData("runner:\n  open_files: 64\n", "did you mean open-files?")]
    [InlineData("defualts:\n  pull: never\n", "defualts: unknown key; expected one of matrix, snapshots, fingerprints, defaults, binaries, scrubbers, targets, runner, filter, host; did you mean defaults?")]
    public void An_unknown_key_suggests_the_nearest_valid_one(string yaml, string message)
    {
        using var file = new MatrixFile(MatrixFile.Example + "\n" + yaml);

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, []));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_far_from_every_valid_one_suggests_none()
    {
        using var file = new MatrixFile(MatrixFile.Example + "\nrunner:\n  colour: blue\n");

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, []));

        Assert.EndsWith("open-files, writable, runtime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_the_file_is_named_with_its_line_and_column()
    {
        using var file = new MatrixFile(MatrixFile.Example + "\nrunner:\n  memory: 3 GB\n");

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, []));

        Assert.Equal($"{file.Path}: runner.memory: '3 GB' is not a size; write e.g. 65536, 64k, 256m or 1g (line 22, column 11)", error.Message);
    }

    [Fact]
    public void A_list_is_taken_whole_from_the_highest_layer_that_gives_it()
    {
        using var file = new MatrixFile(MatrixFile.Example + "\nrunner:\n  writable: [/var/cache/app]\nfilter:\n  targets: [debian-12]\n");

        var fromFile = MatrixReader.Load(file.Directory, []);
        var overridden = MatrixReader.Load(file.Directory, ["--filter:targets=musl", "--runner:writable=/srv,/tmp"]);

        Assert.Equal(["/var/cache/app"], fromFile.Runner.Limits.Writable);
        Assert.Equal(["debian-12"], fromFile.Cells().Select(c => c.Target.Name).Distinct());
        Assert.Equal(["/srv", "/tmp"], overridden.Runner.Limits.Writable);
        Assert.Equal(["musl"], overridden.Cells().Select(c => c.Target.Name).Distinct());
    }
}
