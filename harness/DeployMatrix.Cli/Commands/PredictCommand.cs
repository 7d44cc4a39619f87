using System.Diagnostics;
using System.Globalization;
using DeployMatrix.Distributions;
using DeployMatrix.Elf;
using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using DeployMatrix.Running;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix predict</c>: every cell's verdict as the binaries and the cached image fingerprints predict it,
/// without starting a container; with <c>--binary</c>, one binary's compatibility table across the matrix.
/// </summary>
public sealed class PredictCommand : AsyncCommand<PredictSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PredictSettings settings, CancellationToken cancellationToken)
    {
        var overrides = MatrixOverrides.From(context.Remaining);
        if (settings.Binary is { } path && settings.Matrix is null && !File.Exists(MatrixSources.ResolveFile(Environment.CurrentDirectory, overrides)))
        {
            // A binary and no matrix: where it runs by distribution, which needs no engine.
            WriteDistributions(FromFile(path, settings.Bundle), DistributionCatalog.With(settings.Fingerprints));
            return ExitCodes.Success;
        }

        var matrix = MatrixReader.Load(Environment.CurrentDirectory, overrides, settings.Matrix);
        if (settings.Binary is { } wanted)
        {
            var binary = Select(matrix, wanted, settings.Bundle);
            WriteDistributions(binary, DistributionCatalog.With(settings.Fingerprints ?? matrix.FingerprintDirectory));
            matrix = matrix with { Binaries = [binary], Filter = MatrixFilter.All };
        }
        else if (settings.Bundle is not null)
        {
            throw new DeployMatrixException("--bundle goes with --binary PATH: the binary it holds.");
        }
        else
        {
            // Predicting one cell of a matrix of 20 binaries of 100 MB read all twenty: 0.46 s instead of 0.27.
            matrix = matrix.WithSelectedBinariesOnly();
        }

        // Not a harness session: that would sweep killed runs' containers first, and predict starts none. With no
        // engine, the images exported for this user answer for theirs.
        var engine = matrix.AllCells().All(cell => cell.Target.Root is not null) ? null : await EngineOrExportsAsync(cancellationToken).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        var prepared = await CachedPredictions.PredictAsync(engine, new FingerprintCache(FingerprintCache.DefaultDirectory()), matrix, cancellationToken)
            .ConfigureAwait(false);
        stopwatch.Stop();

        // One line per cell, as run writes them: plain text, since a drawn table cost this command a sixth of its time.
        var cells = matrix.Cells().Select(cell => (cell, prepared.PlanOf(cell).Predicted)).ToList();
        var nameWidth = cells.Max(c => (int?)c.cell.Name.Length) ?? 0;
        var libcWidth = cells.Max(c => (int?)c.Predicted.Image.Libc.ToString().Length) ?? 0;
        foreach (var (cell, predicted) in cells)
        {
            Console.Out.WriteLine($"{cell.Name.PadRight(nameWidth)}  {predicted.Image.Libc.ToString().PadRight(libcWidth)}  {predicted.Prediction.Text}");
        }

        foreach (var binary in matrix.Binaries)
        {
            // One line per LD_LIBRARY_PATH the cases give: the only thing in a case the loader looks at.
            foreach (var runCase in binary.Cases.DistinctBy(c => string.Join(':', c.LibraryPath)))
            {
                var with = runCase.LibraryPath.Count == 0 ? "" : $" with LD_LIBRARY_PATH={string.Join(':', runCase.LibraryPath)}";
                foreach (var platform in binary.Platforms)
                {
                    Console.Out.WriteLine($"{binary.Name} ({platform}){with} starts on: {prepared.Predictions.CompatibilityOf(binary, runCase, platform).Describe()}");
                }
            }
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{matrix.Cells().Count} cells predicted in {stopwatch.Elapsed.TotalMilliseconds:0} ms from cached fingerprints" +
            $"{(matrix.Targets.Any(t => t.Root is not null) ? " and the root directories' files" : "")}; no container was started."));
        return ExitCodes.Success;
    }

    /// <summary>Where each build of the binary runs, by distribution family, from recorded facts alone.</summary>
    private static void WriteDistributions(BinaryDefinition binary, DistributionCatalog catalog)
    {
        foreach (var platform in binary.Platforms)
        {
            var table = DistributionTable.Of(catalog, binary, platform);
            Console.Out.WriteLine($"{binary.Name} ({platform}) by distribution family, {DistributionTable.Provenance}:");
            foreach (var line in table.Lines())
            {
                Console.Out.WriteLine($"  {line}");
            }
        }

        Console.Out.WriteLine($"Recorded facts: {string.Join("; ", catalog.Sources)}.");
    }

    /// <summary>
    /// A binary of the matrix by name, or any ELF file by path (shipped with <paramref name="bundle"/>, if given), on
    /// the platform its header names.
    /// </summary>
    private static BinaryDefinition Select(MatrixDefinition matrix, string nameOrPath, string? bundle)
    {
        if (matrix.Binaries.FirstOrDefault(b => b.Name == nameOrPath) is { } named)
        {
            return bundle is null
                ? named
                : throw new DeployMatrixException($"--bundle goes with --binary PATH; {nameOrPath} is a binary of the matrix, whose bundle the matrix gives.");
        }

        if (!File.Exists(nameOrPath))
        {
            throw new DeployMatrixException(
                $"--binary {nameOrPath}: neither a binary of {MatrixSources.DisplayPath(matrix.File)} ({string.Join(", ", matrix.Binaries.Select(b => b.Name))}) nor a file");
        }

        return FromFile(nameOrPath, bundle);
    }

    /// <summary>Any ELF file by path, shipped with <paramref name="bundle"/> if given, on the platform its header names.</summary>
    private static BinaryDefinition FromFile(string nameOrPath, string? bundle)
    {
        var (_, platform, name) = CommandLineBinary.Read(nameOrPath, $"--binary {nameOrPath}");
        var path = Path.GetFullPath(nameOrPath);
        var directory = bundle is null ? null : Path.GetFullPath(bundle);
        if (directory is not null && BundleRules.Check(directory, path) is var (setting, problem))
        {
            throw new DeployMatrixException($"--{(setting == "path" ? "binary" : "bundle")} {(setting == "path" ? nameOrPath : bundle)}: {problem}");
        }

        return new BinaryDefinition(name, path, [platform], [RunCase.Default(Durations.Longest)], directory);
    }

    /// <returns>The engine, or null when none answers and images are exported for this user.</returns>
    private static async Task<DockerEngine?> EngineOrExportsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineUnavailableException) when (Exports.ImageExports.OfThisUser().Exist)
        {
            return null;
        }
    }
}
