using DeployMatrix.Outcomes;

namespace DeployMatrix.Reports;

/// <summary>A verdict as reports carry it: its kind, its full text, and a summary short enough for a table cell.</summary>
/// <param name="Kind">What the verdict is, as a machine name.</param>
/// <param name="Text">The verdict's one line, as in snapshots: <c>missing library libssl.so.3</c>.</param>
/// <param name="Summary">The same, shortened where the text names what the table already shows (the program's path).</param>
internal sealed record ReportVerdict(VerdictKind Kind, string Text, string Summary)
{
    public static ReportVerdict Of(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var kind = VerdictKindDescriptor.Of(verdict).Kind;
        var summary = verdict is Verdict.WrongArchitecture { BuiltFor: { } builtFor } ? $"wrong architecture: built for {builtFor}" : verdict.Text;
        return new ReportVerdict(kind, verdict.Text, summary);
    }
}
