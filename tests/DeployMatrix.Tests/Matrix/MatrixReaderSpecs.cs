using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// A matrix is read from YAML with overrides from the environment and the command line; anything wrong in it stops
/// the run before a container starts, naming the file, the key and the value.
/// </summary>
public sealed class MatrixReaderSpecs
{
    [Fact]
    public void Cells_are_every_binary_case_target_and_platform_that_fit_together()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var cells = MatrixReader.Load(file.Directory, []).Cells().Select(c => c.Name);

        Assert.Equal(
        [
            "hello/plain @ debian-12/linux-amd64", "hello/plain @ debian-12/linux-arm64", "hello/plain @ musl/linux-amd64",
            "hello/greeting @ debian-12/linux-amd64", "hello/greeting @ debian-12/linux-arm64", "hello/greeting @ musl/linux-amd64",
        ], cells);
    }

    [Fact]
    public void A_case_carries_its_arguments_environment_stdin_and_timeout()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var greeting = MatrixReader.Load(file.Directory, []).Binaries[0].Cases[1];

        Assert.Equal(["one", "two words"], greeting.Args);
        Assert.Equal("hi", greeting.Environment["DM_GREETING"]);
        Assert.Equal("line\n", greeting.Stdin);
        Assert.Equal(TimeSpan.FromMilliseconds(500), greeting.Timeout);
    }

    [Fact]
    public void Placeholders_give_each_platform_its_own_binary_and_image()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var cell = MatrixReader.Load(file.Directory, []).Cells()[1];

        Assert.Equal(Path.Combine(file.Directory, "bin", "linux-arm64", "hello"), cell.BinaryPath);
        Assert.Equal("deploymatrix/debian:12-arm64", cell.Image);
    }

    [Fact]
    public void A_binary_without_platforms_runs_on_the_platform_its_elf_header_names()
    {
        using var file = new MatrixFile(MatrixFile.Example.Replace("path: bin/{platform}/hello\n    platforms: [linux/amd64, linux/arm64]", "path: bin/linux-arm64/hello", StringComparison.Ordinal));

        var binary = MatrixReader.Load(file.Directory, []).Binaries[0];

        Assert.Equal([DeployMatrix.Platforms.KnownPlatforms.Arm64], binary.Platforms);
    }

    [Fact]
    public void The_command_line_filters_targets_and_platforms()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var cells = MatrixReader.Load(file.Directory, ["--filter:targets=debian-12", "--filter:platforms=linux/arm64"]).Cells();

        Assert.All(cells, c => Assert.Equal("hello", c.Binary.Name));
        Assert.Equal(["debian-12/linux-arm64"], cells.Select(c => $"{c.Target.Name}/{c.Platform.Slug}").Distinct());
    }

    [Fact]
    public void Shards_split_the_cells_into_disjoint_parts_that_together_are_the_whole()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var whole = MatrixReader.Load(file.Directory, []).Cells().Select(c => c.Name).ToList();
        var shards = Enumerable.Range(1, 3)
            .Select(i => MatrixReader.Load(file.Directory, [$"--filter:shard={i}/3"]).Cells().Select(c => c.Name).ToList())
            .ToList();

        Assert.Equal(whole.Order(), shards.SelectMany(s => s).Order());
        Assert.Equal(whole.Count, shards.SelectMany(s => s).Distinct().Count());
        Assert.All(shards, shard => Assert.Equal(2, shard.Count));
    }

    [Theory]
    [InlineData("4/3")]
    [InlineData("0/3")]
    [InlineData("two")]
    public void A_shard_that_is_not_I_of_N_is_a_fault(string shard)
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, [$"--filter:shard={shard}"]));

        Assert.Equal($"command line --filter:shard: filter.shard: '{shard}' is not a shard; write I/N, the I-th of N parts (1 <= I <= N)", error.Message);
    }

    [Fact]
    public void The_command_line_overrides_the_file()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var plain = MatrixReader.Load(file.Directory, ["--defaults:timeout=2m"]).Binaries[0].Cases[0];

        Assert.Equal(TimeSpan.FromMinutes(2), plain.Timeout);
    }

    public static TheoryData<string, string, string> Faults => new()
    {
        { "    cases:", "    case:", "matrix.yaml: binaries[0].case: unknown key; expected one of name, path, bundle, platforms, cases" },
        { "bin/{platform}/hello", "bin/{platform}/helo", "matrix.yaml: binaries[0].path: '{dir}/bin/linux-amd64/helo' does not exist" },
        { "bin/{platform}/hello", "bin/notes.txt", "matrix.yaml: binaries[0].path: {dir}/bin/notes.txt: not a readable ELF file: it does not start with the ELF magic bytes" },
        { "timeout: 500ms", "timeout: 10 sec", "matrix.yaml: binaries[0].cases[1].timeout: '10 sec' is not a duration" },
        { "timeout: 500ms", "timeout: 0s", "matrix.yaml: binaries[0].cases[1].timeout: '0s' is not a duration" },
        { "name: greeting", "name: plain", "matrix.yaml: binaries[0].cases[1].name: duplicate name 'plain' (also binaries[0].cases[0])" },
        { "name: musl", "name: debian-12", "matrix.yaml: targets[1].name: duplicate name 'debian-12' (also targets[0])" },
        { "[linux/amd64, linux/386, linux/arm64]", "[linux/amd64, linux/ppc64le]", "matrix.yaml: targets[0].platforms[1]: unknown platform 'linux/ppc64le'" },
        { "    platforms: [linux/amd64]", "", "matrix.yaml: targets[1].platforms: missing" },
        { "path: bin/{platform}/hello", "path: bin/{platform}/hello\n    bundle: bin/nowhere", "matrix.yaml: binaries[0].bundle: '{dir}/bin/nowhere' is not a directory" },
        { "path: bin/{platform}/hello", "path: bin/{platform}/hello\n    bundle: bin/linux-amd64", "matrix.yaml: binaries[0].path: '{dir}/bin/linux-arm64/hello' is not inside its bundle '{dir}/bin/linux-amd64'" },
    };

    [Fact]
    public void A_bundle_is_copied_whole_and_the_binary_runs_from_its_place_in_it()
    {
        using var file = new MatrixFile(MatrixFile.Example.Replace("path: bin/{platform}/hello", "path: bin/{platform}/hello\n    bundle: bin/{platform}", StringComparison.Ordinal));

        var cell = MatrixReader.Load(file.Directory, ["--filter:platforms=linux/arm64", "--filter:targets=debian-12"]).Cells()[0];

        Assert.Equal("/app/hello", cell.ProgramPath);
        Assert.Equal([(Path.Combine(file.Directory, "bin", "linux-arm64", "hello"), "/app/hello")], cell.Files());
    }

    [Fact]
    public void A_link_to_a_file_in_a_bundle_is_copied_as_that_file_and_a_link_to_a_directory_is_a_fault()
    {
        using var file = new MatrixFile(MatrixFile.Example.Replace("path: bin/{platform}/hello", "path: bin/{platform}/hello\n    bundle: bin/{platform}", StringComparison.Ordinal));
        var arm64 = Path.Combine(file.Directory, "bin", "linux-arm64");
        File.CreateSymbolicLink(Path.Combine(arm64, "hello-link"), "hello");
        var filtered = new[] { "--filter:platforms=linux/arm64", "--filter:targets=debian-12" };

        var files = MatrixReader.Load(file.Directory, filtered).Cells()[0].Files().Select(f => f.ContainerPath);
        Directory.CreateSymbolicLink(Path.Combine(arm64, "up"), "..");
        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, filtered));

        Assert.Equal(["/app/hello", "/app/hello-link"], files);
        Assert.StartsWith($"{file.Path}: binaries[0].bundle: '{Path.Combine(arm64, "up")}' is a link to a directory (..)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_file_that_links_to_nothing_is_a_fault()
    {
        using var file = new MatrixFile(MatrixFile.Example.Replace("path: bin/{platform}/hello", "path: bin/{platform}/hello\n    bundle: bin/{platform}", StringComparison.Ordinal));
        var dangling = Path.Combine(file.Directory, "bin", "linux-arm64", "libgone.so.1");
        File.CreateSymbolicLink(dangling, "libgone.so.1.0");

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, []));

        Assert.Equal($"{file.Path}: binaries[0].bundle: '{dangling}' is a link to nothing (libgone.so.1.0): every file of a bundle is copied, so it must be there (line 6, column 13)", error.Message);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_fault_names_the_file_the_key_and_the_value(string original, string replacement, string message)
    {
        using var file = new MatrixFile(MatrixFile.Example.Replace(original, replacement, StringComparison.Ordinal));

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, []));

        Assert.StartsWith(message.Replace("{dir}", file.Directory, StringComparison.Ordinal).Replace("matrix.yaml", file.Path, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_target_list_is_a_fault()
    {
        using var file = new MatrixFile(MatrixFile.Example[..MatrixFile.Example.IndexOf("targets:", StringComparison.Ordinal)] + "targets: []\n");

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, []));

        Assert.EndsWith("targets: no targets: list at least one image and its platforms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_with_an_unknown_key_names_the_override()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, ["--filter:target=debian-12"]));

        Assert.Equal("command line --filter:target: filter.target: unknown key; expected one of binaries, targets, platforms, shard; did you mean targets?", error.Message);
    }

    [Fact]
    public void A_filter_naming_an_unknown_target_is_a_fault()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, ["--filter:targets=debian-99"]));

        Assert.Equal("command line --filter:targets: filter.targets: 'debian-99' names nothing in this matrix; choose from debian-12, musl", error.Message);
    }

    [Fact]
    public void The_host_settings_name_the_host_to_judge_as_and_the_platforms_to_take_as_emulated()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var host = MatrixReader.Load(file.Directory, ["--host:platform=linux/arm64", "--host:emulated=linux/386,linux/amd64"]).Host;
        var none = MatrixReader.Load(file.Directory, []).Host;

        Assert.Equal(DeployMatrix.Platforms.KnownPlatforms.Arm64, host.Platform);
        Assert.Equal([DeployMatrix.Platforms.KnownPlatforms.I386, DeployMatrix.Platforms.KnownPlatforms.Amd64], host.Emulated);
        Assert.True(none.IsNone);
    }

    [Fact]
    public void An_unknown_host_platform_is_a_fault_naming_the_override()
    {
        using var file = new MatrixFile(MatrixFile.Example);

        var error = Assert.Throws<MatrixException>(() => MatrixReader.Load(file.Directory, ["--host:platform=linux/s390x"]));

        Assert.StartsWith("command line --host:platform: host.platform: unknown platform 'linux/s390x'; known: linux/amd64", error.Message, StringComparison.Ordinal);
    }
}
