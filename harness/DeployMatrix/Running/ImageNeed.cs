using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Running;

/// <summary>An image needed for a platform, with the pull policy of what needs it (a matrix's target, a command's option), named for messages.</summary>
internal sealed record ImageNeed(string Reference, Platform Platform, ImagePull Pull, string NeededBy);
