using LlmPulse.Testing;

namespace LlmPulse.Collectors.Tests;

/// <summary>One Azurite for the test assembly; classes that need storage join this collection.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
