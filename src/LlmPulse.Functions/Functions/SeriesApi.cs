using System.Text;
using LlmPulse.Functions.Http;
using LlmPulse.Import;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions;

/// <summary>
/// <c>GET /api/series</c> and <c>GET /api/series/{id}/observations?from=&amp;to=</c>: the stored data behind the
/// briefings, as JSON, or as CSV in the shape of <c>seeds/observations.csv</c> with <c>Accept: text/csv</c>.
/// </summary>
public sealed class SeriesApi(MetricStore metrics, ILogger<SeriesApi> logger)
{
    /// <summary>Ten years of daily data is the most one request returns; longer ranges are asked for in parts.</summary>
    public const int MaxRangeDays = 3660;

    [Function("ListSeries")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "series")] HttpRequest request) =>
        !BriefingHttp.TryNoBody(request, out var tooLarge) ? Task.FromResult(tooLarge!) : BriefingHttp.AnswerAsync(logger, async () =>
        {
            var series = await metrics.GetSeriesAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            return ApiResults.Ok(new
            {
                series = series.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new
                {
                    s.Id,
                    Category = s.Category.ToText(),
                    s.Name,
                    s.Unit,
                    Frequency = s.Frequency.ToText(),
                    s.Source,
                }),
            });
        });

    [Function("GetObservations")]
    public Task<IActionResult> Observations(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "series/{id}/observations")] HttpRequest request,
        string id)
    {
        if (!BriefingHttp.TryNoBody(request, out var tooLarge))
        {
            return Task.FromResult(tooLarge!);
        }

        if (!SeedFiles.IsValidSeriesId(id))
        {
            return Task.FromResult<IActionResult>(Problems.BadParameter("id", id, "a series id of lower-case letters, digits, '.', '_' or '-', such as traffic.chatgpt.visits.world"));
        }

        DateOnly? from, to;
        try
        {
            (from, to) = DayRange.Parse(request.Query["from"].ToString(), request.Query["to"].ToString(), "from", "to", MaxRangeDays);
        }
        catch (FormatException e)
        {
            return Task.FromResult<IActionResult>(Problems.BadRequest(e.Message));
        }

        return BriefingHttp.AnswerAsync(logger, async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var series = await metrics.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
            if (!series.Any(s => s.Id == id))
            {
                return Problems.UnknownSeries(id);
            }

            var observations = await metrics.GetObservationsAsync(id, from, to, cancellationToken).ConfigureAwait(false);
            if (WantsCsv(request))
            {
                var csv = new StringBuilder().AppendLine(ObservationCsv.Header);
                foreach (var o in observations)
                {
                    csv.AppendLine(ObservationCsv.Row(o));
                }

                return new ContentResult { Content = csv.ToString(), ContentType = "text/csv; charset=utf-8", StatusCode = StatusCodes.Status200OK };
            }

            return ApiResults.Ok(new
            {
                series = id,
                from,
                to,
                observations = observations.Select(o => new
                {
                    Period = o.Period.ToString(),
                    Measure = o.Measure.ToText(),
                    o.Value,
                    o.Approximate,
                    o.ReportedBy,
                    o.Note,
                    o.CollectedAt,
                }),
            });
        });
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
