using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>The manifest and the captured files agree, and each case classifies as the manifest says.</summary>
public sealed class CapturedManifestSpecs
{
    private const string HarnessError = "harness error";

    public static TheoryData<string> Cases => [.. CapturedCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_case_classifies_as_its_manifest_entry_says(string name)
    {
        var @case = CapturedCases.Get(name);

        var text = Describe(() => OutcomeClassifier.Default.Classify(@case.Evidence()));

        Assert.Equal(@case.Verdict, text);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_case_says_how_it_was_obtained(string name)
    {
        var @case = CapturedCases.Get(name);

        Assert.True(
            @case.Source == "captured" || @case.Source.StartsWith("from source, not captured", StringComparison.Ordinal),
            $"{name}: source is \"{@case.Source}\"");
    }

    [Fact]
    public void Every_captured_file_has_a_manifest_entry_and_every_entry_its_file()
    {
        var onDisk = Directory.EnumerateFiles(CapturedCases.Directory)
            .Select(Path.GetFileName)
            .Where(f => f!.EndsWith(".stderr", StringComparison.Ordinal) || f.EndsWith(".start-error", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var listed = CapturedCases.All.Select(c => c.Stderr ?? c.StartError).Order(StringComparer.Ordinal);

        Assert.Equal(listed, onDisk);
    }

    private static string Describe(Func<Verdict> classify)
    {
        try
        {
            return classify().Text;
        }
        catch (HarnessErrorException)
        {
            return HarnessError;
        }
    }
}
