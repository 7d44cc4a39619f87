namespace DeployMatrix.Platforms;

/// <summary>
/// The kernel's binfmt_misc: the entries that make it start an emulator in place of a foreign binary. Entries come
/// before the kernel's own ELF loader, so a matching entry wins even for binaries the kernel could run itself.
/// </summary>
internal sealed class BinfmtMisc(string directory)
{
    public const string DefaultDirectory = "/proc/sys/fs/binfmt_misc";

    public static BinfmtMisc Host { get; } = new(DefaultDirectory);

    public string Directory { get; } = directory;

    /// <summary>Whether the file system is mounted here (its <c>register</c> file is then present).</summary>
    public bool IsMounted => File.Exists(Path.Combine(Directory, "register"));

    /// <summary>False when mounted but switched off as a whole (<c>status</c> says disabled): no entry applies.</summary>
    public bool IsEnabled => IsMounted && File.ReadAllText(Path.Combine(Directory, "status")).Trim() == "enabled";

    /// <summary>Every entry, enabled or not; none when the file system is not mounted or cannot be read.</summary>
    public IReadOnlyList<BinfmtEntry> Entries()
    {
        if (!IsMounted)
        {
            return [];
        }

        var entries = new List<BinfmtEntry>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(file);
            if (name is "register" or "status")
            {
                continue;
            }

            try
            {
                entries.Add(BinfmtEntry.Parse(name, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // An entry removed while being read, or one this user may not read: it cannot be named, not more.
            }
        }

        return entries;
    }

    /// <summary>The entry the kernel would use for a file starting with <paramref name="header"/>, or null.</summary>
    public BinfmtEntry? Claiming(ReadOnlySpan<byte> header)
    {
        if (!IsEnabled)
        {
            return null;
        }

        foreach (var entry in Entries())
        {
            if (entry.Claims(header))
            {
                return entry;
            }
        }

        return null;
    }

    /// <exception cref="DeployMatrixException">binfmt_misc refused the entry, or this user may not register one.</exception>
    public void Register(BinfmtEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var register = Path.Combine(Directory, "register");
        try
        {
            File.WriteAllText(register, entry.RegistrationLine());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployMatrixException(
                $"binfmt_misc refused the entry {entry.Name} ({register}: {e.Message}); registering needs root, and the interpreter " +
                $"{entry.Interpreter} must exist", e);
        }
    }

    /// <summary>Enables a disabled entry (writes 1 to its file).</summary>
    public void Enable(BinfmtEntry entry) => Write(entry, "1", "enable");

    /// <summary>Removes an entry (writes -1 to its file).</summary>
    public void Remove(BinfmtEntry entry) => Write(entry, "-1", "remove");

    private void Write(BinfmtEntry entry, string value, string verb)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var file = Path.Combine(Directory, entry.Name);
        try
        {
            File.WriteAllText(file, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployMatrixException($"Could not {verb} the binfmt_misc entry {file}: {e.Message} (it needs root)", e);
        }
    }
}
