using LlmPulse.Testing;

namespace LlmPulse.Functions.Tests;

/// <summary>One Azurite for the whole test assembly: every class that needs storage joins this collection.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
