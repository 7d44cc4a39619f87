using System.Reflection;
using DeployMatrix.Snapshots;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Packaging;

/// <summary>
/// The public API of the packages is deliberately small: what a test project needs (the fixture and the attribute)
/// and the exceptions it may see. Anything added to it shows here as a diff against the approved listing, to be
/// decided on, not slipped in; the rest is internal to the library, the tool and the xunit package.
/// </summary>
public sealed class PublicApiSpecs
{
    private static readonly string Approved = Path.Combine(HarnessAssets.Locate().Root, "tests", "DeployMatrix.Tests", "Packaging", "PublicApi.approved.txt");

    [Fact]
    public void The_public_api_of_the_library_and_the_xunit_package_is_the_approved_one()
    {
        var listing = string.Concat(new[] { typeof(DeployMatrixException).Assembly, typeof(DeployMatrixFixture).Assembly }.Select(Listing));
        var received = Path.Combine(Path.GetDirectoryName(Approved)!, "PublicApi.received.txt");
        var approved = File.Exists(Approved) ? File.ReadAllText(Approved) : "";
        if (listing == approved)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, listing);
        Assert.Fail($"The public API changed. Received: {received}\nApproved: {Approved}\nIf the change is meant, move the received file over the approved one.\n\n{LineDiff.Format(approved, listing)}");
    }

    /// <summary>Each exported type with its public and protected members, one line each, in a stable order.</summary>
    private static string Listing(Assembly assembly)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var lines = new List<string> { $"assembly {assembly.GetName().Name}" };
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"  type {type.FullName} : {type.BaseType?.FullName}");
            lines.AddRange(type.GetMembers(Declared)
                .Where(IsVisible)
                .Select(member => $"    {member.MemberType.ToString().ToLowerInvariant()} {member}")
                .Order(StringComparer.Ordinal));
        }

        return string.Join("\n", lines) + "\n";
    }

    // Accessors are listed with their property or event, not as methods of their own.
    private static bool IsVisible(MemberInfo member) => member switch
    {
        ConstructorInfo constructor => IsVisible(constructor),
        MethodInfo method => IsVisible(method) && !method.IsSpecialName,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(IsVisible),
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        EventInfo @event => @event.AddMethod is { } add && IsVisible(add),
        Type nested => nested.IsNestedPublic || nested.IsNestedFamily,
        _ => false,
    };

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;
}
