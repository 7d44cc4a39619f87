namespace DeployMatrix.Platforms;

/// <summary>What this host's kernel does when it is asked to execute a platform's binary.</summary>
internal enum ExecutionMode
{
    /// <summary>It runs the binary on the host's own CPU.</summary>
    Native,

    /// <summary>binfmt_misc starts an emulator (qemu-user) in its place.</summary>
    Emulated,

    /// <summary>It refuses it (<c>Exec format error</c>): nothing of that platform can run here.</summary>
    Refused,
}
