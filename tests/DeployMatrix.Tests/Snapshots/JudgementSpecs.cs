using DeployMatrix.Predictions;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>
/// The one review rule of <c>deploymatrix run</c> and the xunit package: what a comparison and a cell's agreement
/// with its prediction mean for it, and what its reviewer is told.
/// </summary>
public sealed class JudgementSpecs(ContainerHarness harness)
{
    private const string Cell = "hello/default @ debian-12/linux-amd64";

    [Theory]
    [InlineData(nameof(SnapshotState.Matches), false, nameof(JudgementKind.Passes), "")]
    [InlineData(nameof(SnapshotState.New), false, nameof(JudgementKind.Passes), "New snapshot. Review ")]
    [InlineData(nameof(SnapshotState.New), true, nameof(JudgementKind.Fails), "New snapshot, not accepted on a build server (CI is set).")]
    [InlineData(nameof(SnapshotState.Changed), false, nameof(JudgementKind.Fails), "The snapshot changed.")]
    [InlineData(nameof(SnapshotState.NotCompared), false, nameof(JudgementKind.Inconclusive), "ran, exit 0: ")]
    public async Task A_cell_is_judged_by_its_comparison_and_where_it_ran(string state, bool onBuildServer, string kind, string messageStart)
    {
        var result = await harness.Matrix.ResultAsync(Cell);

        var judgement = Judgement.Of(result, Comparison(state), RepositoryMatrices.Default, new SnapshotPolicy(onBuildServer));

        Assert.Equal(Enum.Parse<JudgementKind>(kind), judgement.Kind);
        Assert.StartsWith(messageStart, judgement.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_that_contradicts_its_prediction_unexplained_fails_even_when_its_snapshot_matches()
    {
        var result = await harness.Matrix.ResultAsync(Cell);
        var contradicted = result with
        {
            Explanation = result.Explanation with { Agreement = Agreement.Disagrees, AgreementNote = "predicted not to start; it ran" },
        };

        var judgement = Judgement.Of(contradicted, Comparison(nameof(SnapshotState.Matches)), RepositoryMatrices.Default, new SnapshotPolicy(false));

        Assert.Equal(JudgementKind.Fails, judgement.Kind);
        Assert.Equal("The prediction and the run disagree, and nothing explains why: predicted not to start; it ran", judgement.Message);
    }

    [Fact]
    public void A_changed_distribution_table_says_how_to_accept_it()
    {
        var build = RepositoryMatrices.Default.Builds()[0];

        var judgement = Judgement.Of(Comparison(nameof(SnapshotState.Changed)), RepositoryMatrices.Default, build, new SnapshotPolicy(false));

        Assert.Equal(JudgementKind.Fails, judgement.Kind);
        Assert.Matches($@"accept it with: deploymatrix accept \S*matrix\.yaml --cell '{System.Text.RegularExpressions.Regex.Escape(build.Name)}'", judgement.Message);
        Assert.EndsWith("- before\n+ after\n", judgement.Message, StringComparison.Ordinal);
    }

    private static SnapshotComparison Comparison(string state) =>
        new(Enum.Parse<SnapshotState>(state), state == nameof(SnapshotState.Changed) ? "- before\n+ after\n" : null);
}
