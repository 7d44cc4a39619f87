// Times a matrix of 20 binaries of 100 MB it makes for itself, then the default matrix (or the one named like
// everywhere else), each run through the harness under runc and under docker, and then as a plain serial loop of
// `docker run` commands, and prints the times and the ratios against the loop; the harness's peak memory on the big binaries; `deploymatrix predict` of one big cell as
// a user runs it; and the prediction of the whole matrix from cached fingerprints, which starts no container.
using System.Diagnostics;
using System.Globalization;
using CliWrap;
using DeployMatrix;
using DeployMatrix.Benchmarks;
using DeployMatrix.Containers;
using DeployMatrix.Matrix;
using DeployMatrix.Running;

var assets = HarnessAssets.Locate();
await using var session = await HarnessSession.StartAsync(assets.Linux32Launcher);

// The big binaries first, so that this process's peak memory is theirs.
using (var big = new BigBinaryMatrix(assets, count: 20, bytes: 100L << 20))
{
    var bigMatrix = MatrixReader.Load(big.Directory, []);
    await MeasureAsync(bigMatrix, "big binaries (20 x 100 MB)", target: 3);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"peak memory of the harness on them:         {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20),7} MB (target: under 300 MB)"));
    var predict = Stopwatch.StartNew();
    await Cli.Wrap("dotnet")
        .WithArguments([Path.Combine(assets.Root, "harness", "DeployMatrix.Cli", "bin", "Release", "net10.0", "DeployMatrix.Cli.dll"), "predict", "--filter:binaries=big7"])
        .WithWorkingDirectory(big.Directory)
        .ExecuteAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"deploymatrix predict of one big cell:       {predict.Elapsed.TotalSeconds,7:0.00} s, the whole command (target: under 1 s)"));
}

var matrix = MatrixReader.Load(assets.Root, args);
await MeasureAsync(matrix, MatrixSources.DisplayPath(matrix.File), target: 5);

var prediction = Stopwatch.StartNew();
var prepared = await session.PredictCachedAsync(matrix);
var predicted = matrix.AllCells().Count(cell => prepared.Predictions.For(cell) is not null);
prediction.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prediction from cached fingerprints:        {prediction.Elapsed.TotalSeconds,7:0.000} s for {predicted} cells (target: under 1 s)"));

// The matrix through the harness under each runtime, then the same cells as a serial loop of plain `docker run`.
async Task MeasureAsync(MatrixDefinition matrix, string name, int target)
{
    var cells = matrix.Cells();
    Console.WriteLine($"matrix: {name}, {cells.Count} cells, harness parallel {matrix.Runner.Parallel}");
    var runc = await HarnessAsync(matrix with { Runner = matrix.Runner with { Runtime = ContainerRuntime.Runc } }, cells);
    var docker = await HarnessAsync(matrix with { Runner = matrix.Runner with { Runtime = ContainerRuntime.Docker } }, cells);
    var serial = Stopwatch.StartNew();
    foreach (var cell in cells)
    {
        await DockerRunLoop.RunAsync(cell, matrix.Runner.Limits, assets.Linux32Launcher, session.Janitor.Labels);
    }

    serial.Stop();
    Print("serial docker run loop", serial.Elapsed, null);
    Print("harness under runc", runc.Cells, runc.Prepare);
    Print("harness under docker", docker.Cells, docker.Prepare);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio serial / runc:             {serial.Elapsed / runc.Cells,7:0.00} on the cells, {serial.Elapsed / (runc.Cells + runc.Prepare),5:0.00} with the preparation (target: at least {target})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio serial / docker:           {serial.Elapsed / docker.Cells,7:0.00} on the cells, {serial.Elapsed / (docker.Cells + docker.Prepare),5:0.00} with the preparation"));
}

// Preparation (images checked, fingerprints, predictions, and for runc the engine's spec) apart from the cells.
async Task<(TimeSpan Prepare, TimeSpan Cells)> HarnessAsync(MatrixDefinition matrix, IReadOnlyList<MatrixCell> cells)
{
    var clock = Stopwatch.StartNew();
    using var runner = await session.PrepareAsync(matrix);
    var prepare = clock.Elapsed;
    clock.Restart();
    await foreach (var _ in runner.RunAllAsync(cells))
    {
    }

    return (prepare, clock.Elapsed);
}

static void Print(string what, TimeSpan cells, TimeSpan? prepare) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what + ":",-32} {cells.TotalSeconds,7:0.00} s{(prepare is { } p ? $" for the cells, after {p.TotalSeconds:0.00} s of preparation" : "")}"));
