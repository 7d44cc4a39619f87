using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// The engine's seccomp profile, as its OCI spec gives it (<c>linux.seccomp</c>), compiled to the BPF program that
/// bubblewrap loads through <c>--seccomp FD</c>, with libseccomp, as runc compiles it. runc also answers ENOSYS, not
/// the profile's default error, for system calls newer than any the profile names (so that a C library falls back to
/// an older call): each such call the native architecture knows gets that answer here too.
/// </summary>
internal static partial class SeccompProgram
{
    private const string Library = "libseccomp.so.2";
    private const int Enosys = 38;
    private const int Eperm = 1;
    private const uint Allow = 0x7fff0000;
    private const int NotASystemCall = -1;

    /// <summary>The highest system call number looked up when listing calls newer than the profile's.</summary>
    private const int HighestCallNumber = 1024;

    /// <summary>Writes the BPF program for <paramref name="seccomp"/> to <paramref name="file"/>.</summary>
    /// <exception cref="BubblewrapUnavailableException">libseccomp is missing, or the profile uses what it cannot compile.</exception>
    public static void Compile(JsonObject seccomp, string file)
    {
        ArgumentNullException.ThrowIfNull(seccomp);
        var defaultErrno = (uint?)seccomp["defaultErrnoRet"] ?? Eperm;
        var defaultAction = Action((string)seccomp["defaultAction"]!, defaultErrno);
        var context = Init(defaultAction);
        try
        {
            foreach (var architecture in seccomp["architectures"]?.AsArray() ?? [])
            {
                var token = seccomp_arch_resolve_name(((string)architecture!).Replace("SCMP_ARCH_", "", StringComparison.Ordinal).ToLowerInvariant());
                // The native architecture is in every new filter already.
                if (token != 0 && seccomp_arch_exist(context, token) != 0)
                {
                    Check(seccomp_arch_add(context, token), $"architecture {architecture}");
                }
            }

            var named = new HashSet<int>();
            foreach (var rule in (seccomp["syscalls"]?.AsArray() ?? []).Select(r => r!.AsObject()))
            {
                var action = Action((string)rule["action"]!, (uint?)rule["errnoRet"] ?? Eperm);
                if (action == defaultAction)
                {
                    continue; // libseccomp refuses a rule that says what the default says; runc skips it too.
                }

                var conditions = (rule["args"]?.AsArray() ?? []).Select(a => Condition(a!.AsObject())).ToArray();
                foreach (var name in (rule["names"]?.AsArray() ?? []).Select(n => (string)n!))
                {
                    var number = seccomp_syscall_resolve_name(name);
                    if (number == NotASystemCall)
                    {
                        continue; // A call this libseccomp does not know, as runc skips it.
                    }

                    named.Add(number);
                    Check(seccomp_rule_add_array(context, action, number, (uint)conditions.Length, conditions), $"the rule for {name}");
                }
            }

            if (defaultAction != Allow)
            {
                AnswerNewerCallsWithEnosys(context, named);
            }

            using var output = File.Create(file);
            Check(seccomp_export_bpf(context, (int)output.SafeFileHandle.DangerousGetHandle()), $"writing {file}");
        }
        finally
        {
            seccomp_release(context);
        }
    }

    private static void AnswerNewerCallsWithEnosys(nint context, HashSet<int> named)
    {
        if (named.Count == 0)
        {
            return;
        }

        var native = seccomp_arch_native();
        var newest = named.Where(number => number >= 0).DefaultIfEmpty(0).Max();
        for (var number = newest + 1; number <= HighestCallNumber; number++)
        {
            if (seccomp_syscall_resolve_num_arch(native, number) is var name && name != 0)
            {
                free(name);
                _ = seccomp_rule_add_array(context, Errno(Enosys), number, 0, []);
            }
        }
    }

    private static nint Init(uint defaultAction)
    {
        try
        {
            var context = seccomp_init(defaultAction);
            return context != 0 ? context : throw new BubblewrapUnavailableException("libseccomp could not start a filter for the engine's seccomp profile");
        }
        catch (DllNotFoundException)
        {
            throw new BubblewrapUnavailableException("libseccomp is not installed (apt-get install libseccomp2); it compiles the engine's seccomp profile");
        }
    }

    private static uint Action(string action, uint errno) => action switch
    {
        "SCMP_ACT_ALLOW" => Allow,
        "SCMP_ACT_ERRNO" => Errno(errno),
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => 0x00000000,
        "SCMP_ACT_KILL_PROCESS" => 0x80000000,
        "SCMP_ACT_TRAP" => 0x00030000,
        "SCMP_ACT_LOG" => 0x7ffc0000,
        "SCMP_ACT_TRACE" => 0x7ff00000 | (errno & 0xffff),
        _ => throw new BubblewrapUnavailableException($"the engine's seccomp profile uses the action {action}, which the bubblewrap runner cannot compile"),
    };

    private static uint Errno(uint errno) => 0x00050000 | (errno & 0xffff);

    private static ArgumentComparison Condition(JsonObject argument) => new()
    {
        Argument = (uint)argument["index"]!,
        Operator = (string)argument["op"]! switch
        {
            "SCMP_CMP_NE" => 1,
            "SCMP_CMP_LT" => 2,
            "SCMP_CMP_LE" => 3,
            "SCMP_CMP_EQ" => 4,
            "SCMP_CMP_GE" => 5,
            "SCMP_CMP_GT" => 6,
            "SCMP_CMP_MASKED_EQ" => 7,
            var op => throw new BubblewrapUnavailableException($"the engine's seccomp profile compares arguments with {op}, which the bubblewrap runner cannot compile"),
        },
        First = (ulong)argument["value"]!,
        Second = (ulong?)argument["valueTwo"] ?? 0,
    };

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new BubblewrapUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"libseccomp refused {what} of the engine's seccomp profile (error {-result})"));
        }
    }

    /// <summary>libseccomp's <c>struct scmp_arg_cmp</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ArgumentComparison
    {
        public uint Argument;
        public int Operator;
        public ulong First;
        public ulong Second;
    }

    [LibraryImport(Library)]
    private static partial nint seccomp_init(uint defaultAction);

    [LibraryImport(Library)]
    private static partial void seccomp_release(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint seccomp_arch_resolve_name(string name);

    [LibraryImport(Library)]
    private static partial uint seccomp_arch_native();

    [LibraryImport(Library)]
    private static partial int seccomp_arch_exist(nint context, uint token);

    [LibraryImport(Library)]
    private static partial int seccomp_arch_add(nint context, uint token);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int seccomp_syscall_resolve_name(string name);

    /// <summary>The call's name, in memory the caller frees; 0 for a number the architecture has no call at.</summary>
    [LibraryImport(Library)]
    private static partial nint seccomp_syscall_resolve_num_arch(uint token, int number);

    [LibraryImport(Library)]
    private static partial int seccomp_rule_add_array(nint context, uint action, int syscall, uint count, [In] ArgumentComparison[] conditions);

    [LibraryImport(Library)]
    private static partial int seccomp_export_bpf(nint context, int fd);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);
}
