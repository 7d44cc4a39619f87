using System.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>The captured texts in <c>captured/</c>, found from the test assembly upwards so no build step copies them.</summary>
internal static class CapturedCases
{
    private const string Manifest = "captured.yaml";
    private static readonly string[] RelativeDirectory = ["tests", "DeployMatrix.Tests", "Outcomes", "captured"];

    private static readonly Lazy<Dictionary<string, CapturedCase>> Cases = new(Load);

    public static string Directory { get; } = Locate();

    public static IEnumerable<CapturedCase> All => Cases.Value.Values;

    public static CapturedCase Get(string name) =>
        Cases.Value.TryGetValue(name, out var found) ? found : throw new KeyNotFoundException($"No case {name} in {Manifest}.");

    public static string ReadText(string file) => Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Directory, file)));

    private static Dictionary<string, CapturedCase> Load()
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var manifest = deserializer.Deserialize<ManifestFile>(File.ReadAllText(Path.Combine(Directory, Manifest)));
        return manifest.Cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private static string Locate()
    {
        for (var current = new DirectoryInfo(AppContext.BaseDirectory); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine([current.FullName, .. RelativeDirectory]);
            if (File.Exists(Path.Combine(candidate, Manifest)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No {Path.Combine([.. RelativeDirectory, Manifest])} above {AppContext.BaseDirectory}.");
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2227", Justification = "Set by the YAML deserializer.")]
    public sealed class ManifestFile
    {
        public List<CapturedCase> Cases { get; set; } = [];
    }
}
