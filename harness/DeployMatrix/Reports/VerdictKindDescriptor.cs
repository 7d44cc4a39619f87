using DeployMatrix.Outcomes;

namespace DeployMatrix.Reports;

/// <summary>
/// Everything reports and the command line show of one kind of verdict, in one place: which verdicts are of it, its
/// marks and its colours (background, text, edge). A verdict type without a descriptor, or a kind without one, fails
/// <c>VerdictKindSpecs</c>.
/// </summary>
/// <param name="Kind">The kind, named in JSON by <see cref="VerdictKindNames.MachineName"/>.</param>
/// <param name="VerdictType">The <see cref="Verdict"/> record of the kind.</param>
/// <param name="TextMark">Its mark in plain text and HTML: one character that reads in any font.</param>
/// <param name="EmojiMark">Its mark in Markdown, as the CI systems that show it render emoji.</param>
internal sealed record VerdictKindDescriptor(
    VerdictKind Kind, Type VerdictType, string TextMark, string EmojiMark, string Background, string Text, string Edge)
{
    /// <summary>Every kind, in the order legends list them.</summary>
    public static readonly IReadOnlyList<VerdictKindDescriptor> All =
    [
        new(VerdictKind.Ran, typeof(Verdict.Ran), "✔", "✅", "#dcf7e3", "#0f5323", "#2da44e"),
        new(VerdictKind.MissingLibrary, typeof(Verdict.MissingLibrary), "✖", "❌", "#ffe0dc", "#82071e", "#cf222e"),
        new(VerdictKind.MissingSymbolVersion, typeof(Verdict.MissingSymbolVersion), "✖", "❌", "#ffe6cc", "#762c00", "#e16f24"),
        new(VerdictKind.UndefinedSymbol, typeof(Verdict.UndefinedSymbol), "✖", "❌", "#ffdaec", "#7d0c4d", "#bf3989"),
        new(VerdictKind.MuslRelocationError, typeof(Verdict.MuslRelocationError), "✖", "❌", "#ece2ff", "#3e1f79", "#8250df"),
        new(VerdictKind.InterpreterMissing, typeof(Verdict.InterpreterMissing), "✖", "❌", "#e3e8ee", "#2f3a46", "#6e7781"),
        new(VerdictKind.WrongArchitecture, typeof(Verdict.WrongArchitecture), "⚠", "⚠️", "#fff5b8", "#5c4200", "#bf8700"),
        new(VerdictKind.KilledBySignal, typeof(Verdict.KilledBySignal), "⚡", "💥", "#f5d4d4", "#5f0a0a", "#8c1515"),
        new(VerdictKind.TimedOut, typeof(Verdict.TimedOut), "◷", "⏱️", "#dbeafe", "#0a3069", "#0969da"),
        new(VerdictKind.InconclusiveUnderEmulation, typeof(Verdict.InconclusiveUnderEmulation), "?", "❔", "#f6f8fa", "#57606a", "#afb8c1"),
    ];

    private static readonly Dictionary<VerdictKind, VerdictKindDescriptor> ByKind = All.ToDictionary(d => d.Kind);
    private static readonly Dictionary<Type, VerdictKindDescriptor> ByType = All.ToDictionary(d => d.VerdictType);

    public static VerdictKindDescriptor Of(VerdictKind kind) => ByKind[kind];

    /// <exception cref="ArgumentOutOfRangeException">A verdict no descriptor names.</exception>
    public static VerdictKindDescriptor Of(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return ByType.TryGetValue(verdict.GetType(), out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "A verdict with no VerdictKindDescriptor.");
    }

    /// <summary>The HTML report's colour rule: <c>.v-ran { --bg: …; --fg: …; --edge: … }</c>.</summary>
    public string CssRule => $".v-{Kind.MachineName()} {{ --bg: {Background}; --fg: {Text}; --edge: {Edge}; }}";
}
