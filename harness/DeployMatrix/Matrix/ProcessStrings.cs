using System.Text;

namespace DeployMatrix.Matrix;

/// <summary>
/// What a case gives its program as arguments and environment must reach it as written. The kernel passes them as C
/// strings: a NUL would end one early, and a string of MAX_ARG_STRLEN (128 KiB) or more, or all of them past what exec
/// takes, would be refused. (Text that UTF-8 cannot encode never gets this far: YAML refuses a lone surrogate, and the
/// operating system hands overrides over as bytes.) Standard input is bytes, and carries anything.
/// </summary>
internal static class ProcessStrings
{
    /// <summary>MAX_ARG_STRLEN: the kernel refuses a longer argument or variable (E2BIG).</summary>
    private const int LongestString = 32 * 4096;

    /// <summary>What exec takes in all is a quarter of the stack limit (2 MiB under the usual 8 MiB); half of that leaves room for what the runtime adds.</summary>
    private const int LongestTotal = 1 << 20;

    /// <summary>The first value that could not reach the program unchanged, with the key naming it; null when all can.</summary>
    /// <param name="strings">Arguments and environment values, each with its key.</param>
    public static (string Key, string Problem)? Check(IEnumerable<(string Key, string Value)> strings)
    {
        var total = 0L;
        foreach (var (key, value) in strings)
        {
            if (value.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
            {
                return (key, $"holds a NUL character (at {nul}), which ends a C string: the program would get only the {nul} characters before it");
            }

            var length = Encoding.UTF8.GetByteCount(value);
            if (length >= LongestString)
            {
                return (key, $"is {length} bytes long; the kernel passes a program no argument or variable of {LongestString} bytes or more (MAX_ARG_STRLEN)");
            }

            total += length + 1;
            if (total > LongestTotal)
            {
                return (key, $"brings the arguments and environment to more than {LongestTotal >> 20} MiB, more than exec can be relied on to pass a program");
            }
        }

        return null;
    }
}
