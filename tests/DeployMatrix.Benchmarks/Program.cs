// Times a matrix of 20 binaries of 100 MB it makes for itself, then the default matrix (or the one named like
// everywhere else), each run through the harness and then as a plain serial loop of `docker run` commands, and prints
// both times and their ratio; the harness's peak memory on the big binaries; `deploymatrix predict` of one big cell as
// a user runs it; and the prediction of the whole matrix from cached fingerprints, which starts no container.
using System.Diagnostics;
using System.Globalization;
using CliWrap;
using DeployMatrix;
using DeployMatrix.Benchmarks;
using DeployMatrix.Matrix;
using DeployMatrix.Running;

var assets = HarnessAssets.Locate();
await using var session = await HarnessSession.StartAsync(assets.Linux32Launcher);

// The big binaries first, so that this process's peak memory is theirs.
using (var big = new BigBinaryMatrix(assets, count: 20, bytes: 100L << 20))
{
    var bigMatrix = MatrixReader.Load(big.Directory, []);
    await MeasureAsync(bigMatrix, "big binaries (20 x 100 MB)");
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
await MeasureAsync(matrix, MatrixSources.DisplayPath(matrix.File));

var prediction = Stopwatch.StartNew();
var prepared = await session.PredictCachedAsync(matrix);
var predicted = matrix.AllCells().Count(cell => prepared.Predictions.For(cell) is not null);
prediction.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prediction from cached fingerprints:        {prediction.Elapsed.TotalSeconds,7:0.000} s for {predicted} cells (target: under 1 s)"));

// The matrix through the harness, then the same cells as a serial loop of plain `docker run`.
async Task MeasureAsync(MatrixDefinition matrix, string name)
{
    var cells = matrix.Cells();
    Console.WriteLine($"matrix: {name}, {cells.Count} cells, harness parallel {matrix.Runner.Parallel}");
    using var runner = await session.PrepareAsync(matrix);
    var harness = Stopwatch.StartNew();
    var harnessResults = 0;
    await foreach (var _ in runner.RunAllAsync(cells))
    {
        harnessResults++;
    }

    harness.Stop();
    var serial = Stopwatch.StartNew();
    foreach (var cell in cells)
    {
        await DockerRunLoop.RunAsync(cell, matrix.Runner.Limits, assets.Linux32Launcher, session.Janitor.Labels);
    }

    serial.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"harness (parallel, one container per cell): {harness.Elapsed.TotalSeconds,7:0.00} s for {harnessResults} cells"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serial docker run loop:                     {serial.Elapsed.TotalSeconds,7:0.00} s for {cells.Count} cells"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (serial / harness):                   {serial.Elapsed / harness.Elapsed,7:0.00}"));
}
