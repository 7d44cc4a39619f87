using CliWrap;
using CliWrap.Buffered;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// Debian's Chromium, headless, for looking at an HTML report as a browser renders it. Each call gets a profile of
/// its own and no way to the network: the report is opened from a file and must need nothing else.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>The page's DOM after its script ran, serialised.</summary>
    public static Task<string> DumpDomAsync(string htmlFile, CancellationToken cancellationToken) =>
        RunAsync(["--dump-dom", new Uri(htmlFile).AbsoluteUri], cancellationToken);

    public static Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height, CancellationToken cancellationToken) =>
        RunAsync([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlFile).AbsoluteUri], cancellationToken);

    private static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("deploymatrix-chromium-");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var result = await CliWrap.Cli.Wrap(Executable)
                .WithArguments(
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", .. arguments,
                ])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(deadline.Token);
            Assert.True(result.ExitCode == 0, $"chromium exited with {result.ExitCode}:\n{result.StandardError}");
            return result.StandardOutput;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
