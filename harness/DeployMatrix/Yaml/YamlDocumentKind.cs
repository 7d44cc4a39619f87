namespace DeployMatrix.Yaml;

/// <summary>What a YAML file of the harness holds, in the words its faults use.</summary>
/// <param name="Noun">With its article: <c>a matrix</c>.</param>
/// <param name="Definite"><c>the matrix</c>.</param>
/// <param name="TopLevel">What its top level is: <c>keys and their values (binaries:, targets:, ...)</c>.</param>
/// <param name="Contents">What it lists, for an empty file: <c>lists binaries and targets</c>.</param>
/// <param name="Depth">How deep its lists and mappings nest, in words.</param>
internal sealed record YamlDocumentKind(string Noun, string Definite, string TopLevel, string Contents, string Depth);
