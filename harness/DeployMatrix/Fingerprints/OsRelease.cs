namespace DeployMatrix.Fingerprints;

/// <summary>
/// What an image says it is in its os-release file (os-release(5)): <c>ID=debian</c>, <c>VERSION_ID="12"</c>,
/// <c>NAME="Debian GNU/Linux"</c>. How a team's own fingerprint of an image is named among the recorded releases.
/// </summary>
/// <param name="Codename">VERSION_CODENAME: <c>bookworm</c>; null where the file has none.</param>
internal sealed record OsRelease(string Id, string? VersionId, string Name, string? Codename = null)
{
    /// <summary>The file's fields, or null when the image has none (scratch, distroless static has one).</summary>
    public static OsRelease? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var fields = text.Split('\n')
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim().Length > 0)
            .GroupBy(pair => pair[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1].Trim().Trim('"', '\''), StringComparer.Ordinal);
        return fields.TryGetValue("ID", out var id) && id.Length > 0
            ? new OsRelease(id, fields.GetValueOrDefault("VERSION_ID"), fields.GetValueOrDefault("NAME") ?? id, fields.GetValueOrDefault("VERSION_CODENAME"))
            : null;
    }
}
