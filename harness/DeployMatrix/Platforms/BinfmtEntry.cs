using System.Globalization;

namespace DeployMatrix.Platforms;

/// <summary>
/// One binfmt_misc entry as the kernel shows it in <c>/proc/sys/fs/binfmt_misc/NAME</c>: which files it claims
/// (magic bytes under a mask, at an offset) and the interpreter the kernel starts for them.
/// </summary>
/// <param name="Name">The entry's file name: <c>qemu-aarch64</c>.</param>
/// <param name="Enabled">A disabled entry claims nothing.</param>
/// <param name="Interpreter">The program the kernel runs in the file's place.</param>
/// <param name="Flags">The kernel's flag letters: <c>F</c> opens the interpreter at registration, so it works in containers that lack it.</param>
/// <param name="Offset">Where in the file the magic is compared.</param>
/// <param name="Magic">The bytes compared; empty for an entry matched by file extension.</param>
/// <param name="Mask">Applied to the file's bytes before comparing; empty means all bits count.</param>
internal sealed record BinfmtEntry(
    string Name, bool Enabled, string Interpreter, string Flags, int Offset, byte[] Magic, byte[] Mask)
{
    /// <summary>Whether containers can use it: without <c>F</c> the kernel looks for the interpreter inside the container.</summary>
    public bool WorksInContainers => Flags.Contains('F', StringComparison.Ordinal);

    /// <summary>Whether the kernel would hand a file starting with <paramref name="header"/> to this entry.</summary>
    public bool Claims(ReadOnlySpan<byte> header)
    {
        if (!Enabled || Magic.Length == 0 || header.Length < Offset + Magic.Length)
        {
            return false;
        }

        for (var i = 0; i < Magic.Length; i++)
        {
            var mask = Mask.Length > i ? Mask[i] : (byte)0xff;
            if ((header[Offset + i] & mask) != (Magic[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads an entry from the text the kernel shows for it.</summary>
    public static BinfmtEntry Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool enabled = false;
        string interpreter = "", flags = "";
        int offset = 0;
        byte[] magic = [], mask = [];
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = line.IndexOf(' ', StringComparison.Ordinal) is var space and > 0
                ? (line[..space], line[(space + 1)..].Trim())
                : (line, "");
            switch (key)
            {
                case "enabled": enabled = true; break;
                case "disabled": enabled = false; break;
                case "interpreter": interpreter = value; break;
                case "flags:": flags = value; break;
                case "offset": offset = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "magic": magic = Convert.FromHexString(value); break;
                case "mask": mask = Convert.FromHexString(value); break;
            }
        }

        return new BinfmtEntry(name, enabled, interpreter, flags, offset, magic, mask);
    }

    /// <summary>
    /// The line that registers it (<c>:name:M:offset:magic:mask:interpreter:flags</c>), each byte escaped as
    /// <c>\xHH</c> so that no byte is taken for the separator.
    /// </summary>
    public string RegistrationLine() =>
        string.Create(CultureInfo.InvariantCulture, $":{Name}:M:{Offset}:{Escape(Magic)}:{Escape(Mask)}:{Interpreter}:{Flags}");

    private static string Escape(byte[] bytes) => string.Concat(bytes.Select(b => $"\\x{b:x2}"));
}
