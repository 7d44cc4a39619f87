namespace DeployMatrix.Running;

/// <summary>An image a cell runs in, as the engine describes it.</summary>
/// <param name="Reference">The name and tag the cell ran.</param>
/// <param name="Libc">The C library it holds (<c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>), or null when unknown.</param>
public sealed record TargetImage(string Reference, string? Libc);
