using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>How the root file system of an image is made. The catalog names it in <c>recipe:</c>.</summary>
internal interface IRootfsRecipe
{
    /// <summary>The recipe's name in the catalog: <c>debootstrap</c>.</summary>
    string Kind { get; }

    /// <summary>The kind of C library the recipe's root file systems provide.</summary>
    LibcKind ProvidedLibc { get; }

    /// <summary>The recipe's own fields that determine what it makes, in a fixed order; part of the recipe hash.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Fingerprint { get; }

    /// <summary>Fails, saying what to install or set up, when this host cannot make the recipe for the platform.</summary>
    void CheckHost(BuildHost host, Platform platform);

    /// <summary>
    /// Whether the build runs the platform's own programs one after another (a Debian system's maintainer scripts),
    /// under qemu where this host emulates the platform: such builds take minutes, and start first.
    /// </summary>
    bool RunsEmulated(BuildHost host, Platform platform) => false;

    /// <summary>Fills <see cref="RootfsBuildContext.Rootfs"/>, an existing empty directory.</summary>
    Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken);
}
