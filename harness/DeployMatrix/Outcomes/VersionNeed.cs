namespace DeployMatrix.Outcomes;

/// <summary>A symbol version a loaded object needs from a library that does not define it.</summary>
/// <param name="Library">The library's file name as the loader found it: <c>libc.so.6</c>, <c>libstdc++.so.6</c>.</param>
/// <param name="Version">Not always a number: <c>GLIBC_2.34</c>, <c>GLIBC_ABI_DT_RELR</c>, <c>OPENSSL_3.0.0</c>.</param>
/// <param name="RequiredBy">The object that needs it: the program, or one of its libraries.</param>
internal sealed record VersionNeed(string Library, string Version, string RequiredBy)
{
    public override string ToString() => $"{Version} (in {Library})";
}
