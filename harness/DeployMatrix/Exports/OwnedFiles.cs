using System.Diagnostics;
using System.Globalization;

namespace DeployMatrix.Exports;

/// <summary>
/// The file operations of an export made for another user, run as that user (setpriv): the exports' directory is the
/// user's, so root must never create, write, move or remove through a path there, which the user could have made a
/// link to anything. Made for no owner, they run as this process.
/// </summary>
internal sealed class OwnedFiles(ExportOwner? owner)
{
    public Task MakeDirectoryAsync(string path, CancellationToken cancellationToken) => RunAsync(["mkdir", "-p", "--", path], null, cancellationToken);

    public Task RemoveAsync(string path, CancellationToken cancellationToken) => RunAsync(["rm", "-rf", "--", path], null, cancellationToken);

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, which must not exist.</summary>
    public Task MoveAsync(string from, string to, CancellationToken cancellationToken) => RunAsync(["mv", "-T", "--", from, to], null, cancellationToken);

    public Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken) =>
        RunAsync(["sh", "-c", "cat > \"$1\"", "sh", path], input => input.WriteAsync(content, cancellationToken).AsTask(), cancellationToken);

    /// <summary>
    /// Unpacks <paramref name="tar"/> into <paramref name="directory"/>: for an owner, every file becomes the owner's;
    /// else each keeps the owner the archive names.
    /// </summary>
    public Task UntarAsync(Stream tar, string directory, CancellationToken cancellationToken) =>
        RunAsync(
            [HostTool.Tar.Require(), "-x", "-p", owner is null ? "--numeric-owner" : "--no-same-owner", "-C", directory],
            input => tar.CopyToAsync(input, cancellationToken),
            cancellationToken);

    private async Task RunAsync(string[] command, Func<Stream, Task>? input, CancellationToken cancellationToken)
    {
        string[] asOwner = owner is null
            ? command
            : ["setpriv", $"--reuid={owner.Uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={owner.Gid.ToString(CultureInfo.InvariantCulture)}", "--clear-groups", "--", .. command];
        var start = new ProcessStartInfo(asOwner[0]) { RedirectStandardInput = input is not null, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in asOwner[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new DeployMatrixException($"{asOwner[0]} did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            try
            {
                await input(process.StandardInput.BaseStream).ConfigureAwait(false);
            }
            finally
            {
                process.StandardInput.Close();
            }
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var who = owner is null ? "" : $" as {owner.Name}";
            throw new DeployMatrixException($"`{string.Join(' ', command)}`{who} failed: {(await errors.ConfigureAwait(false)).Trim()}");
        }
    }
}
