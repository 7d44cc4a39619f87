using System.Text.Json;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// Settings come in layers, each overriding the one before: built-in defaults &lt; the matrix file &lt; environment
/// variables &lt; the command line. <c>deploymatrix config</c> shows each key's value and the layer it came from;
/// checked here through the real command, with the environment set for it alone.
/// </summary>
public sealed class ConfigPrecedenceSpecs : IDisposable
{
    private const string Yaml = """
        defaults:
          timeout: 10s
        binaries:
          - name: hello
            path: bin/linux-amd64/hello
        targets:
          - name: debian-12
            image: deploymatrix/debian:12-{arch}
            platforms: [linux/amd64]
        """;

    private const string TimeoutVariable = "DEPLOYMATRIX_DEFAULTS__TIMEOUT";

    private readonly MatrixFile _matrix = new(Yaml);

    [Fact]
    public async Task A_key_only_in_the_matrix_file_comes_from_the_file()
    {
        var timeout = await SettingAsync("defaults:timeout", []);

        Assert.Equal(("10s", "matrix.yaml"), timeout);
    }

    [Fact]
    public async Task The_environment_overrides_the_matrix_file()
    {
        var timeout = await SettingAsync("defaults:timeout", [], new() { [TimeoutVariable] = "5s" });

        Assert.Equal(("5s", $"environment variable {TimeoutVariable}"), timeout);
    }

    [Fact]
    public async Task The_command_line_overrides_the_environment_and_the_matrix_file()
    {
        var timeout = await SettingAsync("defaults:timeout", ["--defaults:timeout=2s"], new() { [TimeoutVariable] = "5s" });

        Assert.Equal(("2s", "command line --defaults:timeout"), timeout);
    }

    [Fact]
    public async Task A_key_set_nowhere_has_its_built_in_default()
    {
        var snapshots = await SettingAsync("snapshots", []);

        Assert.Equal(("snapshots", "built-in default"), snapshots);
    }

    [Fact]
    public async Task A_key_only_in_the_environment_is_spelled_as_on_the_command_line()
    {
        var targets = await SettingAsync("filter:targets", [], new() { ["DEPLOYMATRIX_FILTER__TARGETS"] = "debian-12" });

        Assert.Equal(("debian-12", "environment variable DEPLOYMATRIX_FILTER__TARGETS"), targets);
    }

    [Fact]
    public async Task The_matrix_argument_overrides_the_environments_choice_of_file()
    {
        var config = await ConfigAsync(["matrix.yaml"], new() { ["DEPLOYMATRIX_MATRIX"] = "elsewhere.yaml" });

        Assert.Equal(_matrix.Path, config.GetProperty("file").GetString());
        Assert.Equal("command line argument", config.GetProperty("fileSource").GetString());
    }

    [Fact]
    public async Task The_environment_can_choose_the_matrix_file()
    {
        var other = Path.Combine(_matrix.Directory, "other.yaml");
        File.Copy(_matrix.Path, other);

        var config = await ConfigAsync([], new() { ["DEPLOYMATRIX_MATRIX"] = "other.yaml" });

        Assert.Equal(other, config.GetProperty("file").GetString());
        Assert.Equal("environment variable DEPLOYMATRIX_MATRIX", config.GetProperty("fileSource").GetString());
    }

    [Fact]
    public async Task Without_json_each_key_is_one_line_with_its_value_and_layer()
    {
        var result = await DeployMatrixCli.RunAsync(["config", "--runner:parallel=3"], _matrix.Directory, new Dictionary<string, string> { [TimeoutVariable] = "5s" });

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal("matrix: matrix.yaml (from built-in default)", lines[0]);
        Assert.Matches(@"^defaults:timeout +5s +environment variable DEPLOYMATRIX_DEFAULTS__TIMEOUT$", Assert.Single(lines, l => l.StartsWith("defaults:timeout", StringComparison.Ordinal)));
        Assert.Matches(@"^runner:parallel +3 +command line --runner:parallel$", Assert.Single(lines, l => l.StartsWith("runner:parallel", StringComparison.Ordinal)));
        Assert.Matches(@"^binaries:0:path +bin/linux-amd64/hello +matrix\.yaml$", Assert.Single(lines, l => l.StartsWith("binaries:0:path", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_matrix_file_fails_naming_it()
    {
        var result = await DeployMatrixCli.RunAsync(["config", "missing.yaml"], _matrix.Directory);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("missing.yaml: matrix: no such file", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _matrix.Dispose();

    private async Task<(string? Value, string? Source)> SettingAsync(string key, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var settings = (await ConfigAsync(arguments, environment)).GetProperty("settings").EnumerateArray();
        var setting = Assert.Single(settings, s => s.GetProperty("key").GetString() == key);
        return (setting.GetProperty("value").GetString(), setting.GetProperty("source").GetString());
    }

    private async Task<JsonElement> ConfigAsync(string[] arguments, Dictionary<string, string>? environment)
    {
        var result = await DeployMatrixCli.RunAsync(["config", "--json", .. arguments], _matrix.Directory, environment);
        Assert.True(result.ExitCode == 0, $"deploymatrix config exited {result.ExitCode}: {result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.Clone();
    }
}
