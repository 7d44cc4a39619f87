using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

public sealed class SignalSpecs
{
    [Theory]
    [InlineData(129, 1, "SIGHUP")]
    [InlineData(134, 6, "SIGABRT")]
    [InlineData(135, 7, "SIGBUS")]
    [InlineData(137, 9, "SIGKILL")]
    [InlineData(139, 11, "SIGSEGV")]
    [InlineData(143, 15, "SIGTERM")]
    [InlineData(159, 31, "SIGSYS")]
    [InlineData(162, 34, "SIGRTMIN+2")]
    public void Exit_status_128_plus_n_is_signal_n(int exitStatus, int number, string name)
    {
        var signal = Signal.FromExitStatus(exitStatus);

        Assert.Equal((number, name), (signal?.Number, signal?.Name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(193)]
    [InlineData(255)]
    public void Exit_statuses_outside_128_plus_1_to_64_are_ordinary_exits(int exitStatus)
    {
        Assert.Null(Signal.FromExitStatus(exitStatus));
    }
}
