using DeployMatrix.Containers;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>A container that never started yields no verdict, unless the engine's message is about the binary's format.</summary>
public sealed class StartErrorSpecs
{
    private static RunEvidence StartFailed(string message) =>
        new(new ContainerResult { StartError = message }, "/app/hello", null, TimeSpan.FromSeconds(30));

    [Fact]
    public void A_start_error_unrelated_to_the_binary_is_a_harness_error()
    {
        var evidence = StartFailed("No such image: deploymatrix/debian:12-amd64");

        Assert.Throws<HarnessErrorException>(() => OutcomeClassifier.Default.Classify(evidence));
    }

    [Fact]
    public void The_harness_error_quotes_the_engines_message()
    {
        var evidence = StartFailed("No such image: deploymatrix/debian:12-amd64");

        var error = Assert.Throws<HarnessErrorException>(() => OutcomeClassifier.Default.Classify(evidence));
        Assert.Contains("No such image: deploymatrix/debian:12-amd64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exec_format_error_at_start_is_the_wrong_architecture_of_the_program()
    {
        // From runc's source (not captured: runc 1.1 here reports it on the container's stderr instead).
        var evidence = StartFailed(
            "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: " +
            "exec /app/hello: exec format error: unknown");

        Assert.Equal(new Verdict.WrongArchitecture("/app/hello"), OutcomeClassifier.Default.Classify(evidence));
    }

    [Fact]
    public void A_start_error_wins_over_the_timeout_flag()
    {
        var evidence = StartFailed("Conflict. The container name is already in use");
        evidence = evidence with { Result = evidence.Result with { TimedOut = true } };

        Assert.Throws<HarnessErrorException>(() => OutcomeClassifier.Default.Classify(evidence));
    }

    [Fact]
    public void A_run_with_no_exit_status_and_no_start_error_is_a_harness_error()
    {
        var evidence = new RunEvidence(new ContainerResult(), "/app/hello", null, TimeSpan.FromSeconds(30));

        Assert.Throws<HarnessErrorException>(() => OutcomeClassifier.Default.Classify(evidence));
    }
}
