using System.Globalization;
using System.Text.Json.Nodes;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// One container's directory: its root (the image's layers under a writable layer of its own, on a tmpfs of the
/// container's own whose size bounds every write to the root; when the root is read-only it only ever holds the mount
/// points runc creates), its copies of the engine's /etc files, and its config.json. Removed with everything in it
/// when disposed.
/// </summary>
internal sealed class RuncBundle : IDisposable
{
    private readonly Mounts _mounts;

    private RuncBundle(string id, string directory, Mounts mounts)
    {
        Id = id;
        Directory = directory;
        _mounts = mounts;
        Hostname = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    }

    /// <summary>The container's id for runc.</summary>
    public string Id { get; }

    public string Directory { get; }

    /// <summary>Twelve hex digits, as the engine names a container's host.</summary>
    public string Hostname { get; }

    public string Root => Path.Combine(Directory, "rootfs");

    /// <summary>Where this process reaches the mounted root (<see cref="Mounts.View"/>).</summary>
    public string RootSeen => _mounts.View(Root);

    /// <summary>Its cgroup, below each hierarchy: apart from the engine's, one per container.</summary>
    public string CgroupsPath => CgroupsPathOf(Id);

    public static string CgroupsPathOf(string id) => $"{CgroupsParent}/{id}";

    /// <summary>The cgroup every container of the harness has its own below.</summary>
    public const string CgroupsParent = "/deploymatrix";

    public string Log => Path.Combine(Directory, "runc.log");

    /// <summary>Written by <c>runc run</c> once it has let the program start: until then, runc is still setting the container up.</summary>
    public string PidFile => Path.Combine(Directory, "pid");

    public bool ProgramStarted => File.Exists(PidFile);

    /// <summary>The tmpfs holding the container's writable layer and overlay's work directory, which must share a file system.</summary>
    private static string Layer(string directory) => Path.Combine(directory, "layer");

    /// <summary>Makes the directory and mounts the root, whose writes may take up to <paramref name="layerBytes"/>.</summary>
    public static RuncBundle Create(string sessionDirectory, string id, RuncImage image, IReadOnlyDictionary<string, string> etcFiles, long layerBytes, Mounts mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var bundle = new RuncBundle(id, Path.Combine(sessionDirectory, id), mounts);
        try
        {
            foreach (var part in new[] { "empty", "layer", "rootfs", "etc" })
            {
                System.IO.Directory.CreateDirectory(Path.Combine(bundle.Directory, part));
            }

            // As many inodes as pages: a program making empty files without end meets the bound as one writing bytes does.
            var layer = Layer(bundle.Directory);
            mounts.Tmpfs(layer, [$"size={layerBytes}", $"nr_inodes={Math.Max(layerBytes / 4096, 1024)}", "mode=0755"]);
            System.IO.Directory.CreateDirectory(Path.Combine(mounts.View(layer), "upper"));
            System.IO.Directory.CreateDirectory(Path.Combine(mounts.View(layer), "work"));

            foreach (var (path, content) in etcFiles)
            {
                File.WriteAllText(bundle.EtcFile(path), path == "/etc/hostname" ? bundle.Hostname + "\n" : content);
            }

            // overlay needs a layer below the writable one: an empty image gets an empty directory.
            mounts.Overlay(image.Layers.Count > 0 ? image.Layers : [Path.Combine(bundle.Directory, "empty")], Path.Combine(layer, "upper"), Path.Combine(layer, "work"), bundle.Root);
            return bundle;
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    /// <summary>The host file given to the container as <paramref name="containerPath"/> (one of the engine's /etc files).</summary>
    public string EtcFile(string containerPath) => Path.Combine(Directory, "etc", Path.GetFileName(containerPath));

    public void Write(JsonObject spec) => File.WriteAllText(Path.Combine(Directory, "config.json"), spec.ToJsonString());

    /// <summary>What runc logged as an error: why it could not start the container; null when it started.</summary>
    public string? StartError()
    {
        if (!File.Exists(Log))
        {
            return null;
        }

        var errors = File.ReadLines(Log)
            .Select(line => JsonNode.Parse(line)?.AsObject())
            .Where(entry => (string?)entry?["level"] is "error" or "fatal")
            .Select(entry => (string?)entry!["msg"])
            .ToList();
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    public void Dispose() => Remove(Directory, _mounts);

    /// <summary>Unmounts a container directory's root and its layer, and deletes the directory.</summary>
    public static void Remove(string directory, Mounts mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var root = Path.Combine(directory, "rootfs");
        mounts.Unmount(root);
        mounts.Unmount(Layer(directory));
        // Never delete through a root still mounted: that would be the image's files.
        if (System.IO.Directory.Exists(mounts.View(root)) && System.IO.Directory.EnumerateFileSystemEntries(mounts.View(root)).Any())
        {
            throw new DeployMatrixException($"{root} is still mounted after unmounting it, so {directory} was left in place.");
        }

        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
