using System.Formats.Tar;

namespace DeployMatrix.Tests.Images;

/// <summary>One entry of an exported image: its type, mode, owner, link target and, for a small regular file, its text.</summary>
internal sealed record ImageFile(TarEntryType Type, UnixFileMode Mode, int Owner, string LinkTarget, string? Text);
