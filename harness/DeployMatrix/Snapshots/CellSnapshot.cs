using System.Globalization;
using System.Text;
using DeployMatrix.Matrix;
using DeployMatrix.Predictions;
using DeployMatrix.Running;

namespace DeployMatrix.Snapshots;

/// <summary>
/// The text a reviewer reads for one cell: what ran where, the verdict, the exit code and the output. The program's
/// output is scrubbed of what changes from run to run (container ids, temporary paths, addresses, durations, and what
/// the matrix's scrubbers name); the rest comes from the matrix and the verdict, which are the same every run.
/// </summary>
internal static class CellSnapshot
{
    /// <param name="result">The cell's result.</param>
    /// <param name="baseDirectory">Paths are shown relative to it (the matrix file's directory).</param>
    public static string Render(CellResult result, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cell = result.Cell;
        var text = new StringBuilder();
        Field(text, "cell", cell.Name);
        Field(text, "binary", $"{cell.Binary.Name} ({Path.GetRelativePath(baseDirectory, cell.BinaryPath)})");
        if (cell.BundlePath is { } bundle)
        {
            Field(text, "bundle", $"{Path.GetRelativePath(baseDirectory, bundle)} as {MatrixCell.BinaryDirectory}, run as {cell.ProgramPath}");
            foreach (var (_, inContainer) in cell.Files())
            {
                Field(text, "ships", inContainer);
            }
        }
        Field(text, "case", cell.Case.Name);
        if (cell.Case.Args.Count > 0)
        {
            Field(text, "args", string.Join(" ", cell.Case.Args.Select(Quote)));
        }

        foreach (var (name, value) in cell.Case.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Field(text, "env", $"{name}={Quote(value)}");
        }

        if (cell.Case.Stdin is not null)
        {
            Field(text, "stdin", Quote(cell.Case.Stdin));
        }

        Field(text, "timeout", Durations.Format(cell.Case.Timeout));
        Field(text, "target", $"{cell.Target.Name} ({result.Image.Reference})");
        Field(text, "platform", cell.Platform.Name);
        Field(text, "libc", result.Fingerprint.Libc.ToString());
        Field(text, "verdict", result.Verdict.Text);
        foreach (var limit in result.LimitsMet)
        {
            Field(text, "limit", limit.Text);
        }

        var explanation = result.Explanation;
        if (result.Run is { } run && explanation.Observed is { ProgramStarted: true })
        {
            Field(text, "exit code", run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none (the container did not start)");
            Explain(text, explanation);
            Stream(text, "stdout", run.Stdout, run.StdoutTruncated, cell.Case.AllScrubbers);
            Stream(text, "stderr", run.Stderr, run.StderrTruncated, cell.Case.AllScrubbers);
        }
        else
        {
            // What a runtime, launcher or emulator prints for a program the kernel would not start differs from host
            // to host; the verdict says all the binary and the image decide. The report keeps the printed words.
            var why = result.Run is null ? "not run, the ELF header decides" : "the kernel did not start the program";
            Field(text, "exit code", $"none: {why}");
            Explain(text, explanation);
            var printed = result.Run is null ? "" : " (what the runtime printed instead is in the reports)";
            text.Append(CultureInfo.InvariantCulture, $"--- stdout and stderr: none, {why}{printed}\n");
        }

        return text.ToString();
    }

    /// <summary>The prediction beside the run, and what a reviewer needs to act on it.</summary>
    private static void Explain(StringBuilder text, Explanation explanation)
    {
        if (explanation.Observed is { } observed && !ReferenceEquals(explanation.Final, observed))
        {
            Field(text, "observed", observed.Text);
        }

        Field(text, "predicted", explanation.Prediction.Text);
        Field(text, "agreement", explanation.AgreementText);
        foreach (var reason in explanation.Why)
        {
            Field(text, "why", reason);
        }

        Field(text, "runs on", explanation.RunsOn);
        foreach (var remedy in explanation.Remedies)
        {
            Field(text, "remedy", remedy);
        }
    }

    /// <summary>One <c>name:      value</c> line, the values aligned.</summary>
    internal static void Field(StringBuilder text, string name, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name + ":",-11}{value}\n");

    private static void Stream(StringBuilder text, string name, string content, bool truncated, IReadOnlyList<Scrubber> scrubbers)
    {
        var note = content.Length == 0 ? " (empty)" : truncated ? " (cut at the output limit)" : "";
        text.Append(CultureInfo.InvariantCulture, $"--- {name}{note}\n");
        if (content.Length > 0)
        {
            text.Append(Scrubber.ScrubAll(content.ReplaceLineEndings("\n"), scrubbers));
            if (!content.EndsWith('\n'))
            {
                text.Append("\n\\ no newline at end\n");
            }
        }
    }

    /// <summary>Shows a value so that spaces, newlines and empty strings stay visible: as a C-like quoted string when needed.</summary>
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
