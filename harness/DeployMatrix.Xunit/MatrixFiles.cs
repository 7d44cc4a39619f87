using System.Collections.Concurrent;
using DeployMatrix.Matrix;

namespace DeployMatrix.Xunit;

/// <summary>
/// The matrix files a test assembly names, found by walking up from the assembly's directory (a test runs from
/// bin/Debug/net10.0) and then from the current directory, and read once however many attributes and tests name them.
/// </summary>
internal static class MatrixFiles
{
    private static readonly ConcurrentDictionary<string, Lazy<MatrixDefinition>> Loaded = new(StringComparer.Ordinal);

    public static MatrixDefinition Load(string file)
    {
        var path = Locate(file);
        return Loaded.GetOrAdd(path, p => new Lazy<MatrixDefinition>(() => MatrixReader.Load(Path.GetDirectoryName(p)!, [], p))).Value;
    }

    private static string Locate(string file)
    {
        if (Path.IsPathRooted(file))
        {
            return file;
        }

        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory];
        return starts.SelectMany(HarnessAssets.Ancestors).Select(directory => Path.Combine(directory, file)).FirstOrDefault(File.Exists)
            ?? throw new DeployMatrixException(
                $"{file}: no such matrix file in {string.Join(" or ", starts)} or any directory above them; name it relative to the test project or the repository (deploymatrix init writes one)");
    }
}
