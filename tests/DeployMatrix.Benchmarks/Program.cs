// Prints, from one run on one machine: the cold start (fixtures and images built afresh); cells per second of generated matrices of 200 and 2,000 cells, and the peak
// memory; a matrix of 20 binaries of 100 MB it makes for itself, then the default matrix (or the one named like
// everywhere else), each run through the harness under bubblewrap, runc and docker, then as a plain serial loop of
// `docker run` commands, with the ratios against the loop; `deploymatrix predict` of one big cell as a user runs it;
// and the prediction of the whole matrix from cached fingerprints, which starts no container.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CliWrap;
using DeployMatrix;
using DeployMatrix.Benchmarks;
using DeployMatrix.Containers;
using DeployMatrix.Matrix;
using DeployMatrix.Running;

var assets = HarnessAssets.Locate();
await using var session = await HarnessSession.StartAsync(assets.Linux32Launcher);

// The command as ./dm runs it and a user's installed tool is: published for this machine by ./dm setup, self-contained
// and precompiled with the framework, started by its own launcher.
var cli = Path.Combine(assets.Root, "harness", "DeployMatrix.Cli", "bin", "Release", "net10.0", RuntimeInformation.RuntimeIdentifier, "publish", "DeployMatrix.Cli");
if (!File.Exists(cli))
{
    throw new InvalidOperationException($"{cli} is missing: ./dm setup publishes it, and the bench times the command users run.");
}

// Cold start first, before anything of this run is cached: what `./dm setup` does after apt on a fresh machine.
using (var cold = new ColdStart(assets))
{
    var (total, fixtures, images) = await cold.MeasureAsync(cli);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cold start after apt:             {total.TotalSeconds,7:0} s: fixtures {fixtures.TotalSeconds:0} s beside every image {images.TotalSeconds:0} s (target: at most 300 s)"));
}

var defaultMatrix = MatrixReader.Load(assets.Root, args);

// The runtimes the harness runs cells with, fastest first; the engine's is measured beside them.
ContainerRuntime[] direct = [ContainerRuntime.Bubblewrap, ContainerRuntime.Runc];

// Scale next, so that the peak memory printed after it is the generated matrices' alone: cells per second at 200
// and at 2,000 cells (linear time keeps the rate), each run once through the harness under the fastest runtime.
foreach (var size in new[] { 200, 2000 })
{
    using var generated = new GeneratedMatrix(assets, defaultMatrix, size);
    var scaleMatrix = MatrixReader.Load(generated.Directory, []);
    var scale = await HarnessAsync(scaleMatrix with { Runner = scaleMatrix.Runner with { Runtime = direct[0] } }, scaleMatrix.Cells());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"scale, {size,5} cells under {Name(direct[0]),-10}   {size / (scale.Prepare + scale.Cells).TotalSeconds,7:0.0} cells/s with the preparation " +
        $"({scale.Prepare.TotalSeconds:0.00} s + {scale.Cells.TotalSeconds:0.00} s); peak memory so far {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MB (target: under 300 MB)"));
}

// Per cell, one at a time, against the floor of each runtime itself: `runc run` (or bubblewrap's launcher) of each
// cell's prepared bundle (the same layout and spec), from its start to its end, as the runner times it. The harness
// adds the bundle's mounts, spec and removal, and its own bookkeeping.
using (var generated = new GeneratedMatrix(assets, defaultMatrix, 100))
{
    var serialMatrix = MatrixReader.Load(generated.Directory, []);
    foreach (var runtime in direct)
    {
        var serial = await HarnessAsync(serialMatrix with { Runner = serialMatrix.Runner with { Runtime = runtime, Parallel = 1 } }, serialMatrix.Cells());
        var perCell = serial.Cells / serial.Results.Count;
        var floor = TimeSpan.FromTicks((long)serial.Results.Select(r => r.Run!.Duration.Ticks).Average());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per cell under {Name(runtime),-10}         {perCell.TotalMilliseconds,7:0} ms through the harness, {floor.TotalMilliseconds:0} ms of it the runtime's start of the prepared bundle: " +
            $"{perCell / floor:0.00} times the runtime's floor (target: at most 1.5)"));
    }
}

// The big binaries next: the peak memory printed after them is the larger of theirs and the scale's.
using (var big = new BigBinaryMatrix(assets, count: 20, bytes: 100L << 20))
{
    var bigMatrix = MatrixReader.Load(big.Directory, []);
    await MeasureAsync(bigMatrix, "big binaries (20 x 100 MB)", target: 8);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"peak memory of the harness so far:          {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20),7} MB (target: under 300 MB)"));
    var predict = await WholeCommandAsync(big.Directory, "predict", "--filter:binaries=big7");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"deploymatrix predict of one big cell:       {predict} (target: at most 0.3 s)"));

    // Where one binary runs over every recorded release, by distribution family, run where no matrix is found.
    var nowhere = Directory.CreateTempSubdirectory("deploymatrix-bench-table-");
    var table = await WholeCommandAsync(nowhere.FullName, "predict", "--binary", Path.Combine(big.Directory, "big7"));
    nowhere.Delete();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"distribution table of one big binary:       {table} (target: at most 0.5 s)"));
}

await MeasureAsync(defaultMatrix, MatrixSources.DisplayPath(defaultMatrix.File), target: 12);

var prediction = Stopwatch.StartNew();
var prepared = await CachedPredictions.PredictAsync(session.Engine, session.Fingerprints.Cache, defaultMatrix);
var predicted = defaultMatrix.AllCells().Count(cell => prepared.Predictions.For(cell) is not null);
prediction.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prediction from cached fingerprints:        {prediction.Elapsed.TotalSeconds,7:0.000} s for {predicted} cells (target: under 1 s)"));

// The matrix through the harness under each runtime, then the same cells as a serial loop of plain `docker run`.
async Task MeasureAsync(MatrixDefinition matrix, string name, int target)
{
    var cells = matrix.Cells();
    Console.WriteLine($"matrix: {name}, {cells.Count} cells, harness parallel {matrix.Runner.Parallel}");
    var runs = new List<(ContainerRuntime Runtime, (TimeSpan Prepare, TimeSpan Cells, IReadOnlyList<CellResult> Results) Run)>();
    foreach (var runtime in direct.Append(ContainerRuntime.Docker))
    {
        runs.Add((runtime, await HarnessAsync(matrix with { Runner = matrix.Runner with { Runtime = runtime } }, cells)));
    }

    var serial = Stopwatch.StartNew();
    foreach (var cell in cells)
    {
        await DockerRunLoop.RunAsync(cell, matrix.Runner.Limits, assets.Linux32Launcher, session.Janitor.Labels);
    }

    serial.Stop();
    Print("serial docker run loop", serial.Elapsed, null);
    foreach (var (runtime, run) in runs)
    {
        Print($"harness under {Name(runtime)}", run.Cells, run.Prepare);
    }

    foreach (var (runtime, run) in runs)
    {
        var goal = runtime == direct[0] ? string.Create(CultureInfo.InvariantCulture, $" (target: at least {target})") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"ratio serial / " + Name(runtime) + ":",-32} {serial.Elapsed / run.Cells,7:0.00} on the cells, {serial.Elapsed / (run.Cells + run.Prepare),5:0.00} with the preparation{goal}"));
    }
}

static string Name(ContainerRuntime runtime) => RuntimeChoice.Name(runtime);

// Preparation (images checked, fingerprints, predictions, and for runc the engine's spec) apart from the cells.
async Task<(TimeSpan Prepare, TimeSpan Cells, IReadOnlyList<CellResult> Results)> HarnessAsync(MatrixDefinition matrix, IReadOnlyList<MatrixCell> cells)
{
    var clock = Stopwatch.StartNew();
    using var runner = await session.PrepareAsync(matrix);
    var prepare = clock.Elapsed;
    clock.Restart();
    var results = new List<CellResult>();
    await foreach (var result in runner.RunAllAsync(cells))
    {
        results.Add(result);
    }

    return (prepare, clock.Elapsed, results);
}

// A command as a user runs it, start to exit, several times over (one run can meet other work on the machine): the
// median and the range, each run a process of its own.
async Task<string> WholeCommandAsync(string directory, params string[] arguments)
{
    const int Runs = 7;
    var seconds = new List<double>();
    for (var run = 0; run < Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        await Cli.Wrap(cli).WithArguments(arguments).WithWorkingDirectory(directory).ExecuteAsync();
        seconds.Add(clock.Elapsed.TotalSeconds);
    }

    seconds.Sort();
    return string.Create(CultureInfo.InvariantCulture,
        $"{seconds[Runs / 2],7:0.00} s, the whole command, median of {Runs} runs ({seconds[0]:0.00}-{seconds[^1]:0.00} s)");
}

static void Print(string what, TimeSpan cells, TimeSpan? prepare) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what + ":",-32} {cells.TotalSeconds,7:0.00} s{(prepare is { } p ? $" for the cells, after {p.TotalSeconds:0.00} s of preparation" : "")}"));
