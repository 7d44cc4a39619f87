namespace DeployMatrix.Engine;

/// <summary>
/// Labels on every container the harness creates. They are how leftovers are found and removed: by session on a
/// normal exit, by owner process when an earlier run was killed before it could clean up.
/// </summary>
public static class ContainerLabels
{
    /// <summary>Present on every container of the project, whatever its value.</summary>
    public const string Project = "io.deploymatrix";

    /// <summary>The session (one harness process) that created the container.</summary>
    public const string Session = "io.deploymatrix.session";

    /// <summary>The process id of that session, to tell a dead session's leftovers from a live one's.</summary>
    public const string OwnerProcess = "io.deploymatrix.pid";

    /// <summary>The host that ran that session; a process id only means something on its own host.</summary>
    public const string OwnerHost = "io.deploymatrix.host";
}
