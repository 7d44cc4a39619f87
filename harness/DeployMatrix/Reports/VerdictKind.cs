using System.Text.Json;

namespace DeployMatrix.Reports;

/// <summary>
/// Which verdict a cell came to, without its details: what reports group, count and colour by. Written as a stable
/// machine name (<see cref="VerdictKindNames.MachineName"/>): <c>ran</c>, <c>missing-library</c>, …
/// </summary>
internal enum VerdictKind
{
    Ran,
    MissingLibrary,
    MissingSymbolVersion,
    UndefinedSymbol,
    MuslRelocationError,
    InterpreterMissing,
    WrongArchitecture,
    KilledBySignal,
    TimedOut,
    InconclusiveUnderEmulation,
}

internal static class VerdictKindNames
{
    /// <summary>The kind as JSON writes it, so that HTML attributes and CSS classes use the same name: <c>missing-library</c>.</summary>
    public static string MachineName(this VerdictKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    /// <summary>For legends: <c>missing library</c>.</summary>
    public static string Label(this VerdictKind kind) => kind.MachineName().Replace('-', ' ');
}
