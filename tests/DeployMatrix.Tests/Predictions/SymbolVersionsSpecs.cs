using DeployMatrix.Predictions;

namespace DeployMatrix.Tests.Predictions;

/// <summary>Symbol versions are ordered by number within their family, not as text.</summary>
public sealed class SymbolVersionsSpecs
{
    [Theory]
    [InlineData("GLIBC_2.34", "GLIBC", "2.34")]
    [InlineData("GLIBCXX_3.4.30", "GLIBCXX", "3.4.30")]
    [InlineData("CXXABI_1.3.13", "CXXABI", "1.3.13")]
    [InlineData("GCC_3.0", "GCC", "3.0")]
    [InlineData("OPENSSL_3.0.0", "OPENSSL", "3.0.0")]
    public void A_version_name_is_a_family_and_a_number(string name, string family, string number)
    {
        Assert.Equal((family, Version.Parse(number)), SymbolVersions.Parse(name));
    }

    [Theory]
    [InlineData("GLIBC_PRIVATE")]
    [InlineData("GLIBC_ABI_DT_RELR")]
    public void A_name_without_a_number_has_no_order(string name)
    {
        Assert.Null(SymbolVersions.Parse(name));
    }

    [Fact]
    public void The_newest_of_a_family_is_found_by_number_not_by_text()
    {
        Assert.Equal("GLIBC_2.30", SymbolVersions.NewestOfFamily("GLIBC_2.34", ["GLIBC_2.2.5", "GLIBC_2.9", "GLIBC_2.30", "GLIBC_PRIVATE", "GLIBCXX_3.4.28"]));
    }
}
