using System.Text.Json.Nodes;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// One container's OCI spec: the engine's (<see cref="RuncSpecTemplate"/>) with what belongs to this container
/// filled in as the engine fills it in, and nothing of the engine's own left (no hooks, no files of its
/// container directory).
/// </summary>
internal static class RuncSpec
{
    /// <summary>The engine's PATH for a container whose image and request set none.</summary>
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The spec for <paramref name="request"/>.</summary>
    /// <param name="template">The engine's spec for the request's limits.</param>
    /// <param name="request">What to run.</param>
    /// <param name="image">Its image.</param>
    /// <param name="container">Where this container's root, /etc files and cgroup are.</param>
    /// <param name="files">Host file and container path of each file to bind read-only.</param>
    public static JsonObject For(
        RuncSpecTemplate template, ContainerRequest request, RuncImage image, RuncBundle container, IReadOnlyList<ContainerFile> files)
    {
        var spec = template.Spec.DeepClone().AsObject();
        var process = spec["process"]!.AsObject();
        process["args"] = Strings(Launch.Command(request));
        process["env"] = Strings(Environment(image.Environment, request.Environment, container.Hostname));
        process["cwd"] = image.WorkingDirectory;
        spec["hostname"] = container.Hostname;
        spec["root"] = new JsonObject { ["path"] = container.Root, ["readonly"] = request.Limits.Root == RootFileSystem.ReadOnly };
        spec.Remove("hooks");
        spec["linux"]!["cgroupsPath"] = container.CgroupsPath;

        var mounts = new JsonArray();
        foreach (var mount in spec["mounts"]!.AsArray().Select(m => m!.AsObject()))
        {
            var destination = (string)mount["destination"]!;
            if ((string?)mount["type"] == "bind")
            {
                // The engine's binds are the /etc files of its own container directory: this container gets copies.
                if (!RuncSpecTemplate.EtcFiles.Contains(destination))
                {
                    throw new DeployMatrixException($"The engine's spec binds {destination}, which the runc runner does not know how to give a container.");
                }

                mount["source"] = container.EtcFile(destination);
            }

            mounts.Add(mount.DeepClone());
        }

        foreach (var file in files)
        {
            mounts.Add(new JsonObject
            {
                ["destination"] = file.ContainerPath,
                ["type"] = "bind",
                ["source"] = file.HostPath,
                ["options"] = Strings(["rbind", "ro", "rprivate"]),
            });
        }

        spec["mounts"] = mounts;

        // The directories holding the files stay read-only on a writable root, as the engine's read-only volumes are:
        // runc makes them so once every mount is in place, the files' own binds with them.
        var linux = spec["linux"]!.AsObject();
        var readOnly = linux["readonlyPaths"]?.AsArray() ?? [];
        foreach (var top in files.Select(file => FileStage.TopDirectory(file.ContainerPath)).Distinct(StringComparer.Ordinal))
        {
            readOnly.Add(top);
        }

        linux["readonlyPaths"] = readOnly.DeepClone();
        return spec;
    }

    /// <summary>
    /// The environment as the engine makes it: at create, the request's variables and then the image's that they do
    /// not name; at start, PATH and HOSTNAME first, each replaced where that list names it, the rest after.
    /// </summary>
    public static IReadOnlyList<string> Environment(IReadOnlyList<string> image, IReadOnlyDictionary<string, string> requested, string hostname)
    {
        var created = requested.Select(variable => $"{variable.Key}={variable.Value}")
            .Concat(image.Where(variable => !requested.ContainsKey(Name(variable))))
            .ToList();
        var environment = new List<string> { DefaultPath, $"HOSTNAME={hostname}" };
        foreach (var variable in created)
        {
            var at = environment.FindIndex(existing => Name(existing) == Name(variable));
            if (at >= 0)
            {
                environment[at] = variable;
            }
            else
            {
                environment.Add(variable);
            }
        }

        return environment;
    }

    private static string Name(string variable) => variable.Split('=', 2)[0];

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(value => (JsonNode?)JsonValue.Create(value))];
}
