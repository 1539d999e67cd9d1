using LlmPulse.Collectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// Says at startup which paid sources are skipped for want of a key, so that it shows before the first timer run.
/// The deployment maps SimilarWeb's key to a Key Vault secret; a reference the platform cannot resolve arrives as
/// the reference text itself, which is worth a warning: it means the secret or the identity's access is missing.
/// </summary>
internal sealed class CollectorKeyCheck(IConfiguration configuration, SourceCatalog catalog, ILogger<CollectorKeyCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var deployedKey = configuration[SourceCatalog.SimilarWebApiKeySetting];
        if (deployedKey is not null && deployedKey.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning(
                "App setting {Setting} is a Key Vault reference the platform could not resolve: SimilarWeb stays skipped. Store the secret (az keyvault secret set --name similarweb-api-key) and check the app identity's access to the vault",
                SourceCatalog.SimilarWebApiKeySetting.Replace(":", "__", StringComparison.Ordinal));
        }

        foreach (var source in catalog.Sources.Where(s => s.SkipReason is not null && s.Enabled))
        {
            logger.LogInformation("Source {Source} is skipped ({Reason}); set app setting {Setting} to collect it", source.Id, source.SkipReason, $"Sources__{source.Id}__ApiKey");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
