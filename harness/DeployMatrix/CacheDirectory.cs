namespace DeployMatrix;

/// <summary>Where the harness keeps what it can make again (image builds, fingerprints, cell durations) on this host.</summary>
internal static class CacheDirectory
{
    /// <summary><c>$XDG_CACHE_HOME/deploymatrix/<paramref name="part"/></c>, <c>XDG_CACHE_HOME</c> defaulting to <c>~/.cache</c>.</summary>
    public static string Of(string part = "")
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome) || !Path.IsPathRooted(cacheHome))
        {
            // The XDG specification says a relative value is invalid and to be ignored.
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cacheHome, "deploymatrix", part);
    }

    /// <summary>A file name for <paramref name="key"/> (an image id, a tag): ASCII letters, digits, <c>.</c> and <c>_</c> kept, anything else <c>-</c>.</summary>
    public static string FileNameOf(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return string.Create(key.Length, key, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '-';
            }
        });
    }
}
