using DeployMatrix.Containers;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Tests.Outcomes;

/// <summary>One entry of <c>captured/captured.yaml</c>: a real run's stderr (or start error) and how it was obtained.</summary>
internal sealed class CapturedCase
{
    public string Name { get; set; } = "";

    /// <summary>The file holding the exact stderr bytes; null for a start error.</summary>
    public string? Stderr { get; set; }

    /// <summary>The file holding the engine's exact start error message; null for a run.</summary>
    public string? StartError { get; set; }

    public int? Exit { get; set; }

    public bool OutOfMemory { get; set; }

    public string Image { get; set; } = "";

    public string Platform { get; set; } = "";

    /// <summary>The binary that ran: a fixture, or a program capture.sh builds.</summary>
    public string Binary { get; set; } = "";

    /// <summary>The binary's path in the container.</summary>
    public string Program { get; set; } = "";

    /// <summary>The binary's ELF interpreter, as <c>readelf -l</c> shows it; absent for a static binary.</summary>
    public string? Interpreter { get; set; }

    public string Command { get; set; } = "";

    /// <summary><c>captured</c>, or <c>from source, not captured</c> with where the text comes from.</summary>
    public string Source { get; set; } = "";

    /// <summary>The verdict's one-line text the case must classify as, or <c>harness error</c>.</summary>
    public string Verdict { get; set; } = "";

    /// <summary>Why the verdict is what it is, where that is not obvious.</summary>
    public string? Note { get; set; }

    public RunEvidence Evidence(TimeSpan? timeout = null) => new(Result(), Program, Interpreter, timeout ?? TimeSpan.FromSeconds(30));

    public ContainerResult Result() => StartError is not null
        ? new ContainerResult { StartError = CapturedCases.ReadText(StartError) }
        : new ContainerResult
        {
            ExitCode = Exit,
            Stderr = Stderr is null ? "" : CapturedCases.ReadText(Stderr),
            OutOfMemory = OutOfMemory,
        };

    public override string ToString() => Name;
}
