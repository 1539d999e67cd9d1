using LlmPulse.Functions.Http;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmPulse.Functions;

/// <summary>
/// <c>GET /api/health</c>, anonymous so probes need no key: up, degraded or down for the whole and for each
/// dependency, and when each was checked. Nothing else: no names, hosts, counts or errors (those are in
/// <see cref="HealthDetails"/>, behind a key), and one small request per dependency whatever the tables hold.
/// 200 when everything is up, 503 otherwise.
/// </summary>
public sealed class Health(StorageHealth storage, TimeProvider time)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return tooLarge!;
        }

        var dependencies = await storage.CheckAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        var status = Overall(dependencies);
        return ApiResults.Json(
            new
            {
                status,
                checkedAt = time.GetUtcNow(),
                dependencies = dependencies.ToDictionary(d => d.Name, d => new { status = d.Status, checkedAt = d.CheckedAt }),
            },
            status == "up" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            ApiResults.JsonContentType);
    }

    /// <summary>Up when every dependency is, down when none is, degraded in between.</summary>
    internal static string Overall(IReadOnlyList<DependencyHealth> dependencies) =>
        dependencies.All(d => d.Up) ? "up" : dependencies.Any(d => d.Up) ? "degraded" : "down";
}
