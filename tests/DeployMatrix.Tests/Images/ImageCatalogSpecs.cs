using DeployMatrix.Images;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// The image catalog (<c>fixtures/images/images.yaml</c>) is data: recipes, libc and platforms. A wrong entry stops
/// before anything is built, naming the file, the key path and the value at fault.
/// </summary>
public sealed class ImageCatalogSpecs
{
    private const string Valid = """
        images:
          - name: example/debian
            version: "12"
            recipe: debootstrap
            suite: bookworm
            libc: { kind: glibc, version: "2.36" }
            platforms: [linux/amd64, linux/arm64]
        """;

    [Fact]
    public void The_repository_catalog_makes_the_fifteen_local_images_one_tag_per_platform()
    {
        var catalog = ImageCatalog.Load(HarnessAssets.Locate().ImageCatalog);

        var tags = catalog.Images.SelectMany(image => image.Platforms.Select(image.LocalTag)).ToList();

        Assert.Equal(15, tags.Count);
        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.Contains("deploymatrix/debian:11-i386", tags);
        Assert.Contains("deploymatrix/musl:1.2.3-arm64", tags);
        Assert.Contains("deploymatrix/scratch:amd64", tags);
    }

    [Fact]
    public void An_entry_gives_its_recipe_libc_and_platforms()
    {
        var image = Assert.Single(ImageCatalog.Parse("images.yaml", Valid).Images);

        Assert.Equal(("example/debian", "12"), (image.Name, image.Version));
        Assert.Equal("bookworm", Assert.IsType<DebootstrapRecipe>(image.Recipe).Suite);
        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.36"), image.Libc);
        Assert.Equal([KnownPlatforms.Amd64, KnownPlatforms.Arm64], image.Platforms);
        Assert.Equal("example/debian:12-arm64", image.LocalTag(KnownPlatforms.Arm64));
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "suite: bookworm", "suit: bookworm", "images.yaml: images[0]: unknown key 'suit'; expected name, version, recipe, libc, platforms, suite, mirror-aliases" },
        { "recipe: debootstrap", "recipe: debbootstrap", "images.yaml: images[0].recipe: unknown recipe 'debbootstrap'; expected one of debootstrap, musl, empty" },
        { "kind: glibc", "kind: musl", "images.yaml: images[0].libc.kind: recipe debootstrap provides glibc, not musl" },
        { ", version: \"2.36\"", "", "images.yaml: images[0].libc: missing key 'version' (the glibc version the image must contain)" },
        { "linux/arm64]", "linux/ppc64le]", "images.yaml: images[0].platforms[1]: unknown platform 'linux/ppc64le'; expected one of linux/amd64, linux/386, linux/arm64" },
        { "linux/arm64]", "linux/amd64]", "images.yaml: images[0].platforms[1]: platform linux/amd64 is listed twice" },
        { "name: example/debian", "name: Example/Debian", "images.yaml: images[0].name: 'Example/Debian' is not a Docker repository name (lower-case letters, digits, '.', '_', '-', '/')" },
        { "version: \"12\"", "version: \"12 beta\"", "images.yaml: images[0].version: '12 beta' cannot be part of a Docker tag (letters, digits, '.', '_', '-')" },
        { "platforms: [linux/amd64, linux/arm64]", "platforms: []", "images.yaml: images[0].platforms: no platforms listed" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_names_the_file_the_key_and_the_value(string correct, string wrong, string message)
    {
        Assert.Contains(correct, Valid, StringComparison.Ordinal);

        var error = Assert.Throws<DeployMatrixException>(() => ImageCatalog.Parse("images.yaml", Valid.Replace(correct, wrong, StringComparison.Ordinal)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Two_entries_that_make_the_same_tag_are_refused_naming_both()
    {
        var error = Assert.Throws<DeployMatrixException>(() => ImageCatalog.Parse("images.yaml", Valid + "\n" + Valid["images:\n".Length..]));

        Assert.Equal("images.yaml: images[1]: tag example/debian:12-amd64 is also made by images[0]", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_there_says_where_it_looked_and_what_to_do()
    {
        var error = Assert.Throws<DeployMatrixException>(() => ImageCatalog.Load("no/such/images.yaml"));

        Assert.Equal("no/such/images.yaml: image catalog not found (run from the repository's top directory, or pass --catalog PATH)", error.Message);
    }
}
