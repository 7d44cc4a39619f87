using System.Buffers.Binary;
using DeployMatrix.Elf;

namespace DeployMatrix.Platforms;

/// <summary>
/// The smallest static program of a platform: it reads one byte from stdin, then exits 0. Executing it tells what
/// this host's kernel does with that platform's binaries; the read holds it alive while the host looks at which
/// program the kernel really started (the probe itself, or an emulator that binfmt_misc put in its place).
/// </summary>
internal static class ProbeElf
{
    private const ulong LoadAddress = 0x400000;

    /// <summary>read(0, sp - 16, 1); exit(0), in each platform's own instructions and system call numbers.</summary>
    private static readonly Dictionary<ElfMachine, byte[]> Code = new()
    {
        [ElfMachine.X86_64] =
        [
            0x31, 0xc0,                               // xor eax, eax          (read)
            0x31, 0xff,                               // xor edi, edi          (stdin)
            0x48, 0x8d, 0x74, 0x24, 0xf0,             // lea rsi, [rsp - 16]
            0xba, 0x01, 0x00, 0x00, 0x00,             // mov edx, 1
            0x0f, 0x05,                               // syscall
            0xb8, 0x3c, 0x00, 0x00, 0x00,             // mov eax, 60           (exit)
            0x31, 0xff,                               // xor edi, edi
            0x0f, 0x05,                               // syscall
        ],
        [ElfMachine.X86] =
        [
            0xb8, 0x03, 0x00, 0x00, 0x00,             // mov eax, 3            (read)
            0x31, 0xdb,                               // xor ebx, ebx          (stdin)
            0x8d, 0x4c, 0x24, 0xf0,                   // lea ecx, [esp - 16]
            0xba, 0x01, 0x00, 0x00, 0x00,             // mov edx, 1
            0xcd, 0x80,                               // int 0x80
            0xb8, 0x01, 0x00, 0x00, 0x00,             // mov eax, 1            (exit)
            0x31, 0xdb,                               // xor ebx, ebx
            0xcd, 0x80,                               // int 0x80
        ],
        [ElfMachine.AArch64] =
        [
            0x00, 0x00, 0x80, 0xd2,                   // mov x0, #0            (stdin)
            0xe1, 0x43, 0x00, 0xd1,                   // sub x1, sp, #16
            0x22, 0x00, 0x80, 0xd2,                   // mov x2, #1
            0xe8, 0x07, 0x80, 0xd2,                   // mov x8, #63           (read)
            0x01, 0x00, 0x00, 0xd4,                   // svc #0
            0x00, 0x00, 0x80, 0xd2,                   // mov x0, #0
            0xa8, 0x0b, 0x80, 0xd2,                   // mov x8, #93           (exit)
            0x01, 0x00, 0x00, 0xd4,                   // svc #0
        ],
    };

    /// <summary>The probe of a known platform.</summary>
    public static byte[] For(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return Code.TryGetValue(platform.Machine, out var code)
            ? Build(platform.Machine, platform.Class, code)
            : throw new ArgumentException($"No probe program is written for {platform}.", nameof(platform));
    }

    /// <summary>A static little-endian ELF executable of one loadable segment holding <paramref name="code"/>.</summary>
    public static byte[] Build(ElfMachine machine, ElfClass elfClass, ReadOnlySpan<byte> code)
    {
        var is64 = elfClass == ElfClass.Elf64;
        int headerSize = is64 ? 64 : 52, segmentSize = is64 ? 56 : 32;
        var image = new byte[headerSize + segmentSize + code.Length];
        var span = image.AsSpan();
        var entry = LoadAddress + (ulong)(headerSize + segmentSize);

        "\u007fELF"u8.CopyTo(span);
        span[4] = (byte)elfClass;
        span[5] = 1; // little-endian
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], (ushort)machine);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);
        if (is64)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[24..], entry);
            BinaryPrimitives.WriteUInt64LittleEndian(span[32..], (ulong)headerSize); // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(span[52..], (ushort)headerSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[54..], (ushort)segmentSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 1);

            var segment = span[headerSize..];
            BinaryPrimitives.WriteUInt32LittleEndian(segment, 1); // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(segment[4..], 5); // R + X
            BinaryPrimitives.WriteUInt64LittleEndian(segment[16..], LoadAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(segment[24..], LoadAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(segment[32..], (ulong)image.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(segment[40..], (ulong)image.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(segment[48..], 0x1000);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)entry);
            BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)headerSize); // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(span[40..], (ushort)headerSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[42..], (ushort)segmentSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[44..], 1);

            var segment = span[headerSize..];
            BinaryPrimitives.WriteUInt32LittleEndian(segment, 1); // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(segment[8..], (uint)LoadAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(segment[12..], (uint)LoadAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(segment[16..], (uint)image.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(segment[20..], (uint)image.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(segment[24..], 5); // R + X
            BinaryPrimitives.WriteUInt32LittleEndian(segment[28..], 0x1000);
        }

        code.CopyTo(span[(headerSize + segmentSize)..]);
        return image;
    }
}
