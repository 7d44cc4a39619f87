using DeployMatrix.Matrix;
using DeployMatrix.Snapshots;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix accept</c>: after review, moves the received snapshots of a matrix's cells (all, those the filters
/// keep, or those named with <c>--cell</c>) over the verified ones. Runs nothing and needs no engine.
/// </summary>
public sealed class AcceptCommand : Command<AcceptSettings>
{
    public override int Execute(CommandContext context, AcceptSettings settings, CancellationToken cancellationToken)
    {
        var matrix = MatrixReader.Load(Environment.CurrentDirectory, MatrixOverrides.From(context.Remaining), settings.Matrix);
        var cells = matrix.Cells();
        if (settings.Cells.FirstOrDefault(name => cells.All(cell => cell.Name != name) && matrix.Builds().All(build => build.Name != name)) is { } unknown)
        {
            throw new DeployMatrixException(
                $"--cell '{unknown}': no such cell in {MatrixSources.DisplayPath(matrix.File)}{(cells.Count < matrix.AllCells().Count ? " under its filters" : "")}; " +
                "name it as deploymatrix run prints it, binary/case @ target/platform, or binary @ platform (distributions)");
        }

        var store = new SnapshotStore(matrix.SnapshotDirectory);
        IReadOnlyList<ISnapshotSubject> subjects = [.. cells, .. matrix.Builds()];
        var chosen = settings.Cells.Length == 0 ? subjects : [.. subjects.Where(subject => settings.Cells.Contains(subject.Name))];
        var accepted = 0;
        foreach (var cell in chosen.Where(store.Accept))
        {
            Console.Out.WriteLine($"accepted {cell.Name} ({MatrixSources.DisplayPath(store.VerifiedPath(cell))})");
            accepted++;
        }

        Console.Out.WriteLine(accepted == 0
            ? $"Nothing to accept: none of the {chosen.Count} cells and distribution tables has a received snapshot in {MatrixSources.DisplayPath(Path.Combine(store.Directory, SnapshotStore.VerifiedFolder, SnapshotStore.ReceivedFolder))}."
            : $"{accepted} accepted, {chosen.Count - accepted} had nothing to accept.");
        return ExitCodes.ForReview(true);
    }
}
