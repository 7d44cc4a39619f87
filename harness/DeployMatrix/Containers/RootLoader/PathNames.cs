namespace DeployMatrix.Containers.RootLoader;

/// <summary>
/// Host paths of a root run and the container paths they stand for, to write the program's output as a container's:
/// <c>/tmp/deploymatrix-root-x/app/hello</c> is <c>/app/hello</c>, <c>ROOT/usr/lib/x86_64-linux-gnu</c> the
/// <c>/lib/x86_64-linux-gnu</c> the root's loader searches. The longest host path is replaced first.
/// </summary>
internal sealed class PathNames
{
    private readonly List<(string Host, string Name)> _names = [];

    /// <param name="host">A host file or directory.</param>
    /// <param name="name">What it is in the container; empty for the container's root.</param>
    public void Add(string host, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = Path.TrimEndingDirectorySeparator(host);
        if (!_names.Any(n => n.Host == trimmed))
        {
            _names.Add((trimmed, Path.TrimEndingDirectorySeparator(name)));
        }
    }

    public string AsInContainer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (host, name) in _names.OrderByDescending(n => n.Host.Length))
        {
            text = text.Replace(host + "/", name + "/", StringComparison.Ordinal).Replace(host, name.Length == 0 ? "/" : name, StringComparison.Ordinal);
        }

        return text;
    }
}
