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
        var kind = verdict switch
        {
            Verdict.Ran => VerdictKind.Ran,
            Verdict.MissingLibrary => VerdictKind.MissingLibrary,
            Verdict.MissingSymbolVersion => VerdictKind.MissingSymbolVersion,
            Verdict.UndefinedSymbol => VerdictKind.UndefinedSymbol,
            Verdict.MuslRelocationError => VerdictKind.MuslRelocationError,
            Verdict.InterpreterMissing => VerdictKind.InterpreterMissing,
            Verdict.WrongArchitecture => VerdictKind.WrongArchitecture,
            Verdict.KilledBySignal => VerdictKind.KilledBySignal,
            Verdict.TimedOut => VerdictKind.TimedOut,
            Verdict.InconclusiveUnderEmulation => VerdictKind.InconclusiveUnderEmulation,
            _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "A verdict reports do not know yet."),
        };
        var summary = verdict is Verdict.WrongArchitecture { BuiltFor: { } builtFor } ? $"wrong architecture: built for {builtFor}" : verdict.Text;
        return new ReportVerdict(kind, verdict.Text, summary);
    }
}
