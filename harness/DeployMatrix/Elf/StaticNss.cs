namespace DeployMatrix.Elf;

/// <summary>
/// Whether a program statically linked against glibc still loads glibc's NSS modules at run time (getpwnam,
/// getaddrinfo and the like, through <c>/etc/nsswitch.conf</c>): glibc's static link warns of it, and the file shows
/// it by the NSS code's own path string. Its gconv code (iconv) is in every static glibc program that uses stdio, so
/// whether it will load gconv modules cannot be told from the file, and is not.
/// </summary>
internal static class StaticNss
{
    private static readonly byte[] Configuration = "/etc/nsswitch.conf\0"u8.ToArray();

    /// <summary>Whether the NSS code's path string is in <paramref name="range"/> of the file, as far as the file goes.</summary>
    public static bool In(ElfReader reader, FileRange range)
    {
        var length = (ulong)reader.Length;
        var offset = Math.Min(range.Offset, length);
        return reader.Slice(offset, Math.Min(range.Size, length - offset), "a read-only loadable segment (PT_LOAD)").IndexOf(Configuration) >= 0;
    }
}
