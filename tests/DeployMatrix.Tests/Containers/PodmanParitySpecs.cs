using DeployMatrix.Containers;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// A start that rootless podman failed because the program had ended before podman looked up its cgroup is made
/// again; any other start error is the cell's outcome.
/// </summary>
public sealed class PodmanParitySpecs
{
    [Theory]
    [InlineData("read /proc/14456/cgroup: no such process")]
    [InlineData("open /proc/14456/cgroup: no such process")]
    [InlineData("  open /proc/7/cgroup: no such process\n")]
    public void A_cgroup_looked_up_after_the_program_ended_is_a_lost_race(string startError) =>
        Assert.True(PodmanParity.IsLateCgroupRead(startError));

    [Theory]
    [InlineData(null)]
    [InlineData("open /proc/14456/cgroup: permission denied")]
    [InlineData("exec: \"/app/x\": stat /app/x: no such file or directory")]
    [InlineData("write /proc/14456/oom_score_adj: no such process")]
    public void Any_other_start_error_is_not(string? startError) =>
        Assert.False(PodmanParity.IsLateCgroupRead(startError));
}
