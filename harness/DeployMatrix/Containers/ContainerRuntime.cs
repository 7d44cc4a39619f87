namespace DeployMatrix.Containers;

/// <summary>
/// What starts each cell's container (<c>runner: runtime:</c> in a matrix). Both give a program the same
/// container: the runc runner starts the very spec the engine writes for the same hardening, over the image's own
/// layers, without the engine's per-container work.
/// </summary>
internal enum ContainerRuntime
{
    /// <summary>runc where it can work (root, runc installed, a local engine on overlay2), else the engine.</summary>
    Auto,

    /// <summary>The Docker engine, through Testcontainers.</summary>
    Docker,

    /// <summary>runc directly, over the image's layers; fails with the reason where it cannot work.</summary>
    Runc,

    /// <summary>bubblewrap over the image's layers, with the engine's spec turned into its options; fails with the reason where it cannot work.</summary>
    Bubblewrap,

    /// <summary>
    /// No container: a root file system target's own loader, on this host (<c>RootLoader/RootLoaderRunner</c>). What
    /// runs the cells of <c>rootfs</c> targets, whatever <c>runner.runtime</c> says; not a choice of its own.
    /// </summary>
    Loader,
}
