namespace DeployMatrix.Engine;

/// <summary>
/// Labels on every container the harness creates. They are how leftovers are found and removed: by session on a
/// normal exit, by owner process when an earlier run was killed before it could clean up.
/// </summary>
internal static class ContainerLabels
{
    /// <summary>Present on every container of the project, whatever its value.</summary>
    public const string Project = "io.deploymatrix";

    /// <summary>The session (one harness process) that created the container.</summary>
    public const string Session = "io.deploymatrix.session";

    /// <summary>The process id of that session, to tell a dead session's leftovers from a live one's.</summary>
    public const string OwnerProcess = "io.deploymatrix.pid";

    /// <summary>The host that ran that session; a process id only means something on its own host.</summary>
    public const string OwnerHost = "io.deploymatrix.host";

    /// <summary>
    /// The run of a wrapper script that started the session (its <see cref="RunEnvironmentVariable"/>), so the
    /// script can remove what its run left even when the session's own process outlives the script's wait.
    /// </summary>
    public const string Run = "io.deploymatrix.run";

    /// <summary>
    /// Set by <c>./dm</c> to a fresh id for each run; copied into <see cref="Run"/>. Not DEPLOYMATRIX_: that
    /// prefix is the matrix configuration's.
    /// </summary>
    public const string RunEnvironmentVariable = "DEPLOY_MATRIX_RUN_ID";
}
