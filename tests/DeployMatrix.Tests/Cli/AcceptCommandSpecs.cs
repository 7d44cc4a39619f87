using CliWrap.Buffered;
using DeployMatrix.Matrix;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// <c>deploymatrix accept</c> moves received snapshots over the verified ones: all, those the filters keep, or the
/// cells named. The received files here are planted, not run: what is tested is which files move.
/// </summary>
public sealed class AcceptCommandSpecs : IDisposable
{
    private readonly MatrixFile _file = new(MatrixFile.Example);
    private readonly MatrixDefinition _matrix;
    private readonly SnapshotStore _store;

    public AcceptCommandSpecs()
    {
        _matrix = MatrixReader.Load(_file.Directory, []);
        _store = new SnapshotStore(_matrix.SnapshotDirectory);
        foreach (var cell in _matrix.Cells())
        {
            _store.Compare(cell, $"received {cell.Name}\n");
        }
    }

    [Fact]
    public async Task Without_a_choice_every_received_snapshot_becomes_the_verified_one()
    {
        var accept = await AcceptAsync();

        Assert.Equal(0, accept.ExitCode);
        Assert.All(_matrix.Cells(), cell => Assert.Equal($"received {cell.Name}\n", _store.Verified(cell)));
        Assert.False(Directory.Exists(Path.GetDirectoryName(_store.ReceivedPath(_matrix.Cells()[0]))));
        // The two builds' distribution tables received nothing here.
        Assert.EndsWith("6 accepted, 2 had nothing to accept.\n", accept.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_cell_alone_is_accepted()
    {
        var accept = await AcceptAsync("--cell", "hello/greeting @ musl/linux-amd64");

        Assert.Equal(["hello/greeting @ musl/linux-amd64"], _matrix.Cells().Where(c => _store.Verified(c) is not null).Select(c => c.Name));
        Assert.Contains("accepted hello/greeting @ musl/linux-amd64 (", accept.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filters_narrow_what_is_accepted()
    {
        await AcceptAsync("--filter:targets=musl");

        Assert.All(_matrix.Cells(), cell => Assert.Equal(cell.Target.Name == "musl", _store.Verified(cell) is not null));
    }

    [Fact]
    public async Task An_unknown_cell_is_one_line_and_nothing_moves()
    {
        var accept = await AcceptAsync("--cell", "hello/plain @ debian-99/linux-amd64");

        Assert.Equal(2, accept.ExitCode);
        Assert.Equal("--cell 'hello/plain @ debian-99/linux-amd64': no such cell in matrix.yaml; name it as deploymatrix run prints it, binary/case @ target/platform, or binary @ platform (distributions)\n", accept.StandardError);
        Assert.All(_matrix.Cells(), cell => Assert.Null(_store.Verified(cell)));
    }

    [Fact]
    public async Task With_nothing_received_it_says_so()
    {
        await AcceptAsync();

        var again = await AcceptAsync();

        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("Nothing to accept: none of the 8 cells and distribution tables has a received snapshot", again.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => _file.Dispose();

    private Task<BufferedCommandResult> AcceptAsync(params string[] arguments) =>
        DeployMatrixCli.RunAsync(["accept", .. arguments], _file.Directory);
}
