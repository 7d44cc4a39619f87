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
    public void The_repository_catalog_makes_the_twenty_six_local_images_one_tag_per_platform()
    {
        var catalog = ImageCatalog.Load(Path.Combine(HarnessAssets.Locate().Root, ImageCatalog.DefaultPath));

        var tags = catalog.Images.SelectMany(image => image.Platforms.Select(image.LocalTag)).ToList();

        Assert.Equal(26, tags.Count);
        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.Contains("deploymatrix/debian:11-i386", tags);
        Assert.Contains("deploymatrix/musl:1.2.3-arm64", tags);
        Assert.Contains("deploymatrix/musl:1.2.5-i386", tags);
        Assert.Contains("deploymatrix/glibc:2.17-arm64", tags);
        Assert.DoesNotContain("deploymatrix/glibc:2.17-i386", tags);
        Assert.Contains("deploymatrix/scratch:amd64", tags);
        Assert.Contains("deploymatrix/distroless:static-debian12-amd64", tags);
        Assert.Contains("deploymatrix/distroless:cc-debian12-arm64", tags);
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

    /// <summary>
    /// mmdebstrap makes the system; /usr is merged as debootstrap merges it, by release (links only for bullseye, links
    /// and usr-is-merged for bookworm, the packages themselves from trixie on), and the tool is part of the recipe hash.
    /// </summary>
    [Fact]
    public void A_debian_entry_is_made_by_mmdebstrap_with_usr_merged_as_debootstrap_merges_it_for_the_release()
    {
        var recipe = Assert.IsType<DebootstrapRecipe>(Assert.Single(ImageCatalog.Parse("images.yaml", Valid).Images).Recipe);

        Assert.Contains(new KeyValuePair<string, string>("tool", "mmdebstrap"), recipe.Fingerprint);
        Assert.Equal(["--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr"], DebootstrapRecipe.MergedUsrOptions("bookworm"));
        Assert.Collection(
            DebootstrapRecipe.MergedUsrOptions("bullseye"),
            setup => Assert.Equal("--setup-hook=/usr/share/mmdebstrap/hooks/merged-usr/setup00.sh", setup),
            essential => Assert.StartsWith("--essential-hook=chroot \"$1\" dpkg --purge usr-is-merged", essential, StringComparison.Ordinal));
        Assert.Empty(DebootstrapRecipe.MergedUsrOptions("trixie"));
        Assert.Empty(DebootstrapRecipe.MergedUsrOptions("stretch"));
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "suite: bookworm", "suit: bookworm", "images.yaml: images[0]: unknown key 'suit'; expected name, version, recipe, libc, platforms, equivalent, env, suite, mirror-aliases, chrootless" },
        { "suite: bookworm", "suite: bookworm\n    chrootless: yes", "images.yaml: images[0].chrootless: 'yes' is not true or false" },
        { "recipe: debootstrap", "recipe: debbootstrap", "images.yaml: images[0].recipe: unknown recipe 'debbootstrap'; expected one of debootstrap, musl, sysroot, packages, empty" },
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
    public void A_mistake_names_the_file_the_key_and_the_value(string correct, string wrong, string message) =>
        AssertMistake(Valid, correct, wrong, message);

    private const string Sysroot = """
        images:
          - name: example/glibc
            version: "2.17"
            recipe: sysroot
            equivalent: { system: CentOS 7 }
            libstdcxx: "6.0.19"
            sysroots:
              linux/amd64:
                npm: "@example/toolchain-x86_64@1.0.0"
                integrity: sha512-AAAA
                archive: x86_64.tar.xz
                path: x86_64/sysroot
            libc: { kind: glibc, version: "2.17" }
            platforms: [linux/amd64]
        """;

    [Fact]
    public void A_sysroot_entry_gives_each_platform_a_pinned_npm_package_and_says_what_it_stands_in_for()
    {
        var image = Assert.Single(ImageCatalog.Parse("images.yaml", Sysroot).Images);

        var recipe = Assert.IsType<SysrootRecipe>(image.Recipe);
        var source = recipe.Sources[KnownPlatforms.Amd64];
        Assert.Equal(("@example/toolchain-x86_64@1.0.0", "sha512-AAAA"), (source.Package.Spec, source.Package.Integrity));
        Assert.Equal(("x86_64.tar.xz", "x86_64/sysroot"), (source.Archive, source.Path));
        Assert.Equal("6.0.19", recipe.LibstdcxxVersion);
        Assert.Equal(new ImageEquivalent("CentOS 7", IsImage: false), image.Equivalent);
        Assert.Equal("glibc 2.17 as on CentOS 7; not that system", image.LibcDescription);
    }

    public static TheoryData<string, string, string> SysrootMistakes => new()
    {
        { "platforms: [linux/amd64]", "platforms: [linux/amd64, linux/arm64]", "images.yaml: images[0].sysroots: no sysroot for linux/arm64, which the image is built for" },
        { "linux/amd64:", "linux/s390x:", "images.yaml: images[0].sysroots.linux/s390x: unknown platform 'linux/s390x'; expected one of linux/amd64, linux/386, linux/arm64" },
        { "x86_64@1.0.0\"", "x86_64@^1.0.0\"", "images.yaml: images[0].sysroots.linux/amd64.npm: '@example/toolchain-x86_64@^1.0.0' is not a pinned npm package: give NAME@VERSION, such as @napi-rs/cross-toolchain-x64-target-x86_64@1.0.0" },
        { "sha512-AAAA", "sha1-AAAA", "images.yaml: images[0].sysroots.linux/amd64.integrity: 'sha1-AAAA' is not an npm integrity (sha512-BASE64, as package-lock.json records it)" },
        { "path: x86_64/sysroot", "path: ../sysroot", "images.yaml: images[0].sysroots.linux/amd64.path: '../sysroot' must be a plain relative path inside the package" },
        { "archive: x86_64.tar.xz", "archiv: x86_64.tar.xz", "images.yaml: images[0].sysroots.linux/amd64: unknown key 'archiv'; expected npm, integrity, archive, path" },
        { "libstdcxx: \"6.0.19\"", "libstdcxx: \"6.0\"", "images.yaml: images[0].libstdcxx: '6.0' is not a libstdc++ library version such as 6.0.19 (the N.N.N of libstdc++.so.N.N.N)" },
        { "kind: glibc", "kind: musl", "images.yaml: images[0].libc.kind: recipe sysroot provides glibc, not musl" },
    };

    [Theory]
    [MemberData(nameof(SysrootMistakes))]
    public void A_sysroot_mistake_names_the_file_the_key_and_the_value(string correct, string wrong, string message) =>
        AssertMistake(Sysroot, correct, wrong, message);

    [Fact]
    public void A_musl_entry_may_take_its_packages_from_another_suite_of_the_mirror()
    {
        var image = Assert.Single(ImageCatalog.Parse("images.yaml", """
            images:
              - name: example/musl
                version: "1.2.5"
                recipe: musl
                suite: trixie
                mirror-aliases: [stable]
                packages: [musl, busybox-static]
                libc: { kind: musl, version: "1.2.5" }
                platforms: [linux/amd64]
            """).Images);

        var recipe = Assert.IsType<MuslRecipe>(image.Recipe);
        Assert.Equal("trixie", recipe.Packages.Suite?.Name);
        Assert.Equal(["stable"], recipe.Packages.Suite?.Aliases);
        Assert.Equal(["musl", "busybox-static"], recipe.Packages.Packages);
        Assert.Contains(new KeyValuePair<string, string>("suite", "trixie"), recipe.Fingerprint);
    }

    [Fact]
    public void Mirror_aliases_of_a_musl_entry_need_the_suite_they_are_names_of()
    {
        var error = Assert.Throws<DeployMatrixException>(() => ImageCatalog.Parse("images.yaml", """
            images:
              - name: example/musl
                version: "1.2.3"
                recipe: musl
                mirror-aliases: [stable]
                packages: [musl, busybox-static]
                libc: { kind: musl, version: "1.2.3" }
                platforms: [linux/amd64]
            """));

        Assert.Equal("images.yaml: images[0].mirror-aliases: mirror aliases name other names of a suite: give suite too", error.Message);
    }

    private const string Packages = """
        images:
          - name: example/distroless
            version: base-debian12
            recipe: packages
            suite: bookworm
            packages: [base-files, ca-certificates, libc6, libssl3]
            equivalent: { image: gcr.io/distroless/base-debian12 }
            env: { SSL_CERT_FILE: /etc/ssl/certs/ca-certificates.crt }
            libc: { kind: glibc, version: "2.36" }
            platforms: [linux/amd64, linux/arm64]
        """;

    [Fact]
    public void A_packages_entry_unpacks_packages_of_its_suite_whose_libc_is_the_libc_package_among_them()
    {
        var image = Assert.Single(ImageCatalog.Parse("images.yaml", Packages).Images);

        var recipe = Assert.IsType<PackagesRecipe>(image.Recipe);
        Assert.Equal(["base-files", "ca-certificates", "libc6", "libssl3"], recipe.Packages.Packages);
        Assert.Equal("bookworm", recipe.Packages.Suite?.Name);
        Assert.Equal(("libc6", LibcKind.Glibc), (recipe.LibcPackage, recipe.ProvidedLibc));
        Assert.Equal([new("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")], image.Environment);
    }

    [Fact]
    public void A_packages_entry_without_a_libc_package_provides_none()
    {
        var image = Assert.Single(ImageCatalog.Parse("images.yaml", Packages
            .Replace(", libc6, libssl3]", "]", StringComparison.Ordinal)
            .Replace("{ kind: glibc, version: \"2.36\" }", "{ kind: none }", StringComparison.Ordinal)).Images);

        var recipe = Assert.IsType<PackagesRecipe>(image.Recipe);
        Assert.Equal((null, LibcKind.None), (recipe.LibcPackage, recipe.ProvidedLibc));
        Assert.Equal(LibcInfo.None, image.Libc);
    }

    [Fact]
    public void An_image_that_stands_in_for_another_image_says_so_as_one_for_a_system_does()
    {
        var image = Assert.Single(ImageCatalog.Parse("images.yaml", Packages).Images);

        Assert.Equal(new ImageEquivalent("gcr.io/distroless/base-debian12", IsImage: true), image.Equivalent);
        Assert.Equal("glibc 2.36 as on gcr.io/distroless/base-debian12; not that image", image.LibcDescription);
    }

    public static TheoryData<string, string, string> PackagesMistakes => new()
    {
        { "libc6, libssl3]", "libc6, musl]", "images.yaml: images[0].packages: libc6 and musl are two C libraries; an image has one, or none" },
        { "[base-files, ca-certificates, libc6, libssl3]", "[]", "images.yaml: images[0].packages: no packages listed" },
        { "kind: glibc, version: \"2.36\"", "kind: none", "images.yaml: images[0].libc.kind: recipe packages provides glibc, not none" },
        { "suite: bookworm", "suites: bookworm", "images.yaml: images[0]: unknown key 'suites'; expected name, version, recipe, libc, platforms, equivalent, env, packages, suite, mirror-aliases" },
        { "{ image: gcr.io/distroless/base-debian12 }", "gcr.io/distroless/base-debian12", "images.yaml: images[0].equivalent: expected a mapping of keys, found 'gcr.io/distroless/base-debian12'" },
        { "{ image: gcr.io/distroless/base-debian12 }", "{ imgae: gcr.io/distroless/base-debian12 }", "images.yaml: images[0].equivalent: unknown key 'imgae'; expected system, image" },
        { "{ image: gcr.io/distroless/base-debian12 }", "{ system: Debian 12, image: gcr.io/distroless/base-debian12 }", "images.yaml: images[0].equivalent: give one of 'system' (a system, such as CentOS 7) or 'image' (an image's reference)" },
        { "gcr.io/distroless/base-debian12 }", "gcr.io/distroless/Base-Debian12 }", "images.yaml: images[0].equivalent.image: 'gcr.io/distroless/Base-Debian12' is not an image reference: a repository name is lower case" },
        { "SSL_CERT_FILE:", "SSL-CERT-FILE:", "images.yaml: images[0].env.SSL-CERT-FILE: 'SSL-CERT-FILE' is not an environment variable name (letters, digits and '_', not starting with a digit)" },
        { "SSL_CERT_FILE: /etc/ssl/certs/ca-certificates.crt", "PATH: /bin", "images.yaml: images[0].env.PATH: PATH is the same in every image built here; it cannot be set" },
    };

    [Theory]
    [MemberData(nameof(PackagesMistakes))]
    public void A_packages_mistake_names_the_file_the_key_and_the_value(string correct, string wrong, string message) =>
        AssertMistake(Packages, correct, wrong, message);

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

    /// <summary>The catalog with <paramref name="correct"/> made <paramref name="wrong"/> is refused with <paramref name="message"/>.</summary>
    private static void AssertMistake(string catalog, string correct, string wrong, string message)
    {
        Assert.Contains(correct, catalog, StringComparison.Ordinal);

        var error = Assert.Throws<DeployMatrixException>(() => ImageCatalog.Parse("images.yaml", catalog.Replace(correct, wrong, StringComparison.Ordinal)));

        Assert.Equal(message, error.Message);
    }
}
