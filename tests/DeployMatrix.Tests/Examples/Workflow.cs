using YamlDotNet.RepresentationModel;

namespace DeployMatrix.Tests.Examples;

/// <summary>A GitHub Actions workflow of <c>examples/github/</c>, parsed as YAML into the parts the specs look at.</summary>
/// <param name="Schedules">The cron expressions of <c>on.schedule</c>.</param>
internal sealed record Workflow(IReadOnlyList<string> Triggers, IReadOnlyList<string> Schedules, IReadOnlyList<WorkflowJob> Jobs)
{
    public static readonly string Directory = Path.Combine(HarnessAssets.Locate().Root, "examples", "github");

    public static IEnumerable<string> Files => System.IO.Directory.EnumerateFiles(Directory, "*.yml").Order(StringComparer.Ordinal);

    public IEnumerable<WorkflowStep> Steps => Jobs.SelectMany(job => job.Steps);

    public WorkflowJob Job(string id) => Assert.Single(Jobs, job => job.Id == id);

    public static Workflow Load(string name)
    {
        var file = Path.Combine(Directory, name);
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(file)))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
        var on = (YamlMappingNode)root["on"];
        var jobs = (YamlMappingNode)root["jobs"];
        var schedules = Child(on, "schedule") is YamlSequenceNode entries ? entries.Cast<YamlMappingNode>().Select(entry => Text(entry["cron"])) : [];
        return new Workflow([.. on.Children.Keys.Select(Text)], [.. schedules], [.. jobs.Children.Select(job => ReadJob(Text(job.Key), (YamlMappingNode)job.Value))]);
    }

    private static WorkflowJob ReadJob(string id, YamlMappingNode job)
    {
        var matrix = Child(job, "strategy") is YamlMappingNode strategy && Child(strategy, "matrix") is YamlMappingNode lists
            ? lists.Children.Where(list => list.Value is YamlSequenceNode)
                .ToDictionary(list => Text(list.Key), list => (IReadOnlyList<string>)[.. ((YamlSequenceNode)list.Value).Select(Text)])
            : [];
        var needs = Child(job, "needs") switch
        {
            YamlSequenceNode many => [.. many.Select(Text)],
            { } one => [Text(one)],
            null => new List<string>(),
        };
        var steps = ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().Select(step => new WorkflowStep(
            Scalar(step, "uses"),
            Scalar(step, "run"),
            Scalar(step, "if"),
            Child(step, "with") is YamlMappingNode with ? with.Children.ToDictionary(p => Text(p.Key), p => Text(p.Value)) : []));
        return new WorkflowJob(id, needs, Scalar(job, "if"), Scalar(job, "runs-on"), matrix, [.. steps]);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is { } child ? Text(child) : null;

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
