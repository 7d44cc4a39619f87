namespace DeployMatrix.Images;

/// <summary>The recipes the catalog can name, each with its own keys and how to read them.</summary>
internal static class RootfsRecipes
{
    public static readonly IReadOnlyList<RecipeKind> Kinds =
    [
        new(DebootstrapRecipe.KindName, DebootstrapRecipe.CatalogKeys, DebootstrapRecipe.FromCatalog),
        new(MuslRecipe.KindName, MuslRecipe.CatalogKeys, MuslRecipe.FromCatalog),
        new(SysrootRecipe.KindName, SysrootRecipe.CatalogKeys, SysrootRecipe.FromCatalog),
        new(PackagesRecipe.KindName, PackagesRecipe.CatalogKeys, PackagesRecipe.FromCatalog),
        new(EmptyRecipe.KindName, [], _ => new EmptyRecipe()),
    ];

    /// <param name="Keys">The catalog keys of an image entry this recipe reads, beside the common ones.</param>
    /// <param name="Read">Reads the recipe from the image entry; errors name the entry's key path.</param>
    public sealed record RecipeKind(string Name, IReadOnlyList<string> Keys, Func<CatalogNode, IRootfsRecipe> Read);
}
