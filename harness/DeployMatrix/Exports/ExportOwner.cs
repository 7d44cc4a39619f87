using System.Globalization;

namespace DeployMatrix.Exports;

/// <summary>The user an export is made for: its files are that user's, and by default it goes to that user's cache directory.</summary>
internal sealed record ExportOwner(string Name, int Uid, int Gid, string Home)
{
    /// <summary>The user of that name in /etc/passwd.</summary>
    /// <exception cref="DeployMatrixException">There is no such user.</exception>
    public static ExportOwner Named(string name, string passwd = "/etc/passwd")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var fields = File.ReadLines(passwd).Select(line => line.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == name)
                     ?? throw new DeployMatrixException($"--owner {name}: there is no such user in {passwd}.");
        return new ExportOwner(name, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), fields[5]);
    }

    /// <summary>Where that user's runs look for exports by default (with no <c>DEPLOY_MATRIX_EXPORTS</c>, no <c>XDG_CACHE_HOME</c>).</summary>
    public string DefaultDirectory => Path.Combine(Home, ".cache", "deploymatrix", "exports");
}
