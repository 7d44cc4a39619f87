using DeployMatrix.Elf;
using DeployMatrix.Images;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix init</c>: writes a matrix.yaml for the given binaries (and, with <c>--tests</c>, a test project
/// using the xunit package), checks that it loads, and says what to run next. Nothing is overwritten without --force.
/// </summary>
public sealed class InitCommand : Command<InitSettings>
{
    private const string GlobalJson = "global.json";

    public override int Execute(CommandContext context, InitSettings settings, CancellationToken cancellationToken)
    {
        var here = Environment.CurrentDirectory;
        var matrixFile = Path.Combine(here, MatrixSources.DefaultFile);
        var binaries = settings.Binaries.Select(ReadBinary).ToList();
        if (binaries.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new DeployMatrixException($"{string.Join(" and ", twice.Select(b => b.Path))}: both would be named '{twice.Key}'; init one of them, then add the other to matrix.yaml by hand");
        }

        var platforms = binaries.Select(b => b.Platform).Distinct().ToList();
        var targets = (settings.Targets.Length > 0 ? settings.Targets.Select(t => ParseTarget(t, platforms)) : CatalogTargets(platforms))
            .Where(t => t.Platforms.Count > 0).ToList();
        var files = new Dictionary<string, string>
        {
            [matrixFile] = MatrixScaffold.Render(binaries, targets, settings.Tests is null ? "." : Path.GetRelativePath(here, Path.GetFullPath(settings.Tests))),
        };
        if (settings.Tests is not null)
        {
            foreach (var (path, text) in TestProjectScaffold.Files(settings.Tests))
            {
                files[Path.GetFullPath(path)] = text;
            }
        }

        if (!settings.Force && files.Keys.FirstOrDefault(File.Exists) is { } existing)
        {
            throw new DeployMatrixException($"{MatrixSources.DisplayPath(existing)}: exists; init writes nothing over it without --force");
        }

        Write(files, matrixFile);
        foreach (var path in files.Keys)
        {
            Console.Out.WriteLine($"wrote {MatrixSources.DisplayPath(path)}");
        }

        var cells = MatrixReader.Load(here, [], matrixFile).Cells().Count;
        Console.Out.WriteLine($"{Counting.Of(cells, "cell")}: {Counting.Of(binaries.Count, "binary")} on {Counting.Of(targets.Count, "target")}.");
        if (settings.Tests is not null)
        {
            Console.Out.WriteLine(TestRunnerNote(here));
        }

        Console.Out.WriteLine(settings.Tests is null
            ? "Next: deploymatrix run, review the received snapshots, deploymatrix accept."
            : $"Next: dotnet test {settings.Tests}, review the received snapshots, deploymatrix accept.");
        return ExitCodes.Success;
    }

    /// <summary>Writes every file, the matrix last and only once it loads, so a fault leaves no half-made matrix.</summary>
    private static void Write(Dictionary<string, string> files, string matrixFile)
    {
        var draft = matrixFile + ".init";
        AtomicFile.WriteAllText(draft, files[matrixFile]);
        try
        {
            MatrixReader.Load(Path.GetDirectoryName(matrixFile)!, [], draft);
        }
        catch
        {
            File.Delete(draft);
            throw;
        }

        File.Move(draft, matrixFile, overwrite: true);

        foreach (var (path, text) in files.Where(f => f.Key != matrixFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, text);
        }
    }

    private static MatrixScaffold.Binary ReadBinary(string path)
    {
        var full = Path.GetFullPath(path);
        if (BinaryPathRules.Check(full) is { } problem)
        {
            throw new DeployMatrixException(problem);
        }

        // A matrix's names start with a letter or digit.
        var (_, platform, fileName) = CommandLineBinary.Read(full, path);
        var name = fileName.TrimStart('.', '-', '_');
        return new(name.Length > 0 ? name : "binary", Path.GetRelativePath(Environment.CurrentDirectory, full), platform);
    }

    /// <summary>The local images of the catalog, each on those of the binaries' platforms it is built for.</summary>
    private static IEnumerable<MatrixScaffold.Target> CatalogTargets(IReadOnlyList<Platform> platforms)
    {
        var catalog = ImageCatalog.Load(ImageCatalog.Find() ?? ImageCatalog.DefaultPath);
        return catalog.Images.Select(image => new MatrixScaffold.Target(image.TargetName, image.LocalTagTemplate, [.. platforms.Intersect(image.Platforms)]));
    }

    private static MatrixScaffold.Target ParseTarget(string text, IReadOnlyList<Platform> platforms) =>
        text.Split('=', 2) is [{ Length: > 0 } name, { Length: > 0 } image]
            ? new(name, image, platforms)
            : throw new DeployMatrixException($"--target {text}: write NAME=IMAGE, e.g. --target ubuntu-24.04=ubuntu:24.04");

    /// <summary>On .NET 10, dotnet test runs an xunit v3 project only when global.json names the testing platform.</summary>
    private static string TestRunnerNote(string directory)
    {
        var path = Path.Combine(directory, GlobalJson);
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllText(path, "{\n  \"test\": {\n    \"runner\": \"Microsoft.Testing.Platform\"\n  }\n}\n");
            return $"wrote {GlobalJson} (dotnet test runs xunit v3 projects through Microsoft.Testing.Platform)";
        }

        return File.ReadAllText(path).Contains("Microsoft.Testing.Platform", StringComparison.Ordinal)
            ? $"{GlobalJson} already names Microsoft.Testing.Platform for dotnet test"
            : $"{GlobalJson} exists: add \"test\": {{ \"runner\": \"Microsoft.Testing.Platform\" }} to it, or dotnet test refuses the project";
    }
}
