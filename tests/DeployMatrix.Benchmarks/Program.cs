// Times the default matrix (or the one named like everywhere else) run through the harness, then the same cells as
// a plain serial loop of `docker run` commands, and prints both times and their ratio; then the prediction of the
// whole matrix from cached fingerprints, which starts no container.
using System.Diagnostics;
using System.Globalization;
using DeployMatrix;
using DeployMatrix.Benchmarks;
using DeployMatrix.Matrix;
using DeployMatrix.Running;

var assets = HarnessAssets.Locate();
var matrix = MatrixReader.Load(assets.Root, args);
var cells = matrix.Cells();
Console.WriteLine($"matrix: {MatrixSources.DisplayPath(matrix.File)}, {cells.Count} cells, harness parallel {matrix.Runner.Parallel}");

await using var session = await HarnessSession.StartAsync(assets.Linux32Launcher);
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

var prediction = Stopwatch.StartNew();
var prepared = await session.PredictCachedAsync(matrix);
var predicted = matrix.AllCells().Count(cell => prepared.Predictions.For(cell) is not null);
prediction.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prediction from cached fingerprints:        {prediction.Elapsed.TotalSeconds,7:0.000} s for {predicted} cells (target: under 1 s)"));
