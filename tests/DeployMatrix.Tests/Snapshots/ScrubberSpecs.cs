using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>What changes from run to run in a program's output is replaced, so that snapshots of two runs are equal.</summary>
public sealed class ScrubberSpecs
{
    [Theory]
    [InlineData("hostname: 3f2a9c1b7d4e", "hostname: <container-id>")]
    [InlineData("/var/lib/docker/containers/3f2a9c1b7d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef/x", "/var/lib/docker/containers/<container-id>/x")]
    [InlineData("wrote /tmp/tmp.Xk3j9QwZ2a/out.txt", "wrote <temp-path>/out.txt")]
    [InlineData("buffer at 0x7ffd5a3b2c10 freed", "buffer at <address> freed")]
    [InlineData("took 12.5 ms", "took <duration>")]
    [InlineData("OpenSSL version number: 0x30000160", "OpenSSL version number: 0x30000160")]
    [InlineData("machine: x86_64", "machine: x86_64")]
    public void Output_is_scrubbed_of_what_differs_between_runs(string output, string scrubbed)
    {
        Assert.Equal(scrubbed, Scrubber.ScrubAll(output));
    }
}
