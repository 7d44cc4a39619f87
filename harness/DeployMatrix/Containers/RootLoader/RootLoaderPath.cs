using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.RootLoader;

/// <summary>What the runner must know of a root's loader, read from the root's files beforehand.</summary>
/// <param name="Libc">The root's C library: how its loader is told things depends on it.</param>
/// <param name="LibraryPath">
/// The root's directories its loader must be given, as paths in the root: for glibc, those only its cache would
/// give (<c>/etc/ld.so.conf</c>'s beyond the built-in ones), since the cache is not read; for musl, its whole path.
/// </param>
internal sealed record RootLoaderPath(LibcInfo Libc, IReadOnlyList<string> LibraryPath);
