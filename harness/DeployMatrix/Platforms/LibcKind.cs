namespace DeployMatrix.Platforms;

/// <summary>The C library an image gives dynamically linked programs.</summary>
internal enum LibcKind
{
    /// <summary>No C library at all: only static binaries run.</summary>
    None,

    Glibc,

    Musl,
}
