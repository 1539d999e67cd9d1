using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LlmPulse.Metrics;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LlmPulse.Collectors;

/// <summary>
/// What an adapter gets for one run of one source: the source, an HTTP client with the standard resilience
/// handler, the collection time, and room to keep lookups for the rest of the run (a board code, say).
/// </summary>
public sealed class SourceFetch
{
    /// <summary>A payload larger than this is refused rather than read: no source here sends that much.</summary>
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>Redirects followed for one request; the client itself follows none (see <see cref="GetAsync(Uri, string, IReadOnlyDictionary{string, string}?, CancellationToken)"/>).</summary>
    public const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private long _lastRequestTimestamp;

    internal SourceFetch(ConfiguredSource source, HttpClient http, TimeProvider time, DateTimeOffset collectedAt)
    {
        Source = source;
        _http = http;
        _time = time;
        CollectedAt = collectedAt;
    }

    public ConfiguredSource Source { get; }

    /// <summary>When this run collected its observations; every observation it writes carries it.</summary>
    public DateTimeOffset CollectedAt { get; }

    /// <summary>Today in UTC, the day the run's windows end by default.</summary>
    public DateOnly Today => DateOnly.FromDateTime(CollectedAt.UtcDateTime);

    /// <summary>Lookups an adapter keeps for the rest of the run, by a key of its choosing.</summary>
    public Dictionary<string, object> RunState { get; } = new(StringComparer.Ordinal);

    /// <summary>An observation of <paramref name="series"/> with this run's provenance.</summary>
    public Observation Observation(ConfiguredSeries series, Period period, decimal value, string note, bool approximate = false) =>
        new(series.Id, period, series.Measure, value, approximate, Source.ReportedBy.Trim(), note, CollectedAt);

    /// <summary>
    /// GETs <paramref name="pathAndQuery"/> under the source's base URL. An error status that is left after the
    /// resilience handler's retries, a refused connection or a timeout becomes <see cref="SourceRequestException"/>.
    /// </summary>
    public Task<SourceResponse> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        GetAsync(Source.BaseUrl ?? throw new SourceRequestException("the source has no valid BaseUrl", transient: false), pathAndQuery, cancellationToken);

    /// <summary>As <see cref="GetAsync(string, CancellationToken)"/>, with request headers (an API key, say).</summary>
    public Task<SourceResponse> GetAsync(string pathAndQuery, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken) =>
        GetAsync(Source.BaseUrl ?? throw new SourceRequestException("the source has no valid BaseUrl", transient: false), pathAndQuery, headers, cancellationToken);

    /// <summary>As <see cref="GetAsync(string, CancellationToken)"/>, under another base URL of the same source.</summary>
    public Task<SourceResponse> GetAsync(Uri baseUrl, string pathAndQuery, CancellationToken cancellationToken) =>
        GetAsync(baseUrl, pathAndQuery, null, cancellationToken);

    /// <summary>
    /// GETs <paramref name="pathAndQuery"/> under <paramref name="baseUrl"/> with <paramref name="headers"/>, following
    /// up to <see cref="MaxRedirects"/> redirects itself: never from https to http, and never to another host when
    /// the request carries a key (in a header, or the source's key in the URL), since the redirected request would
    /// hand the key to that host.
    /// </summary>
    public async Task<SourceResponse> GetAsync(Uri baseUrl, string pathAndQuery, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));
        var carriesKey = headers is { Count: > 0 } || (Source.ApiKey is { } key && (url.OriginalString.Contains(key, StringComparison.Ordinal) || url.OriginalString.Contains(Uri.EscapeDataString(key), StringComparison.Ordinal)));
        await WaitForRequestIntervalAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await SendFollowingRedirectsAsync(url, headers, carriesKey, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var transient = status is 408 or 429 or >= 500;
                var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
                throw new SourceRequestException(
                    transient ? $"HTTP {status} {reason}, still after the retries" : $"HTTP {status} {reason}",
                    transient);
            }

            var body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new SourceResponse(response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException or IOException)
        {
            throw new SourceRequestException(Describe(e), transient: true, e);
        }
        finally
        {
            _lastRequestTimestamp = _time.GetTimestamp();
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Uri url, IReadOnlyDictionary<string, string>? headers, bool carriesKey, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(url, location);
            if (redirects == MaxRedirects)
            {
                throw new SourceRequestException($"more than {MaxRedirects} redirects", transient: false);
            }

            if (next.Scheme != Uri.UriSchemeHttps && (url.Scheme == Uri.UriSchemeHttps || next.Scheme != Uri.UriSchemeHttp))
            {
                throw new SourceRequestException($"redirected from {url.Scheme} to {next.Scheme}; not followed", transient: false);
            }

            if (carriesKey && !string.Equals(next.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                throw new SourceRequestException($"redirected to another host ({next.Host}); not followed, because the request carries the source's key", transient: false);
            }

            url = next;
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new SourcePayloadException($"the response is {content.Headers.ContentLength:N0} bytes, more than the {MaxBodyBytes:N0} accepted");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new SourcePayloadException($"the response is more than the {MaxBodyBytes:N0} bytes accepted");
            }

            buffer.Write(chunk, 0, read);
        }

        var encoding = Encoding.UTF8;
        if (content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is what every source here sends.
            }
        }

        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The failure in words, without the request URL (which may carry a key).</summary>
    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException t => $"timed out after {t.Timeout.TotalSeconds:0.###} s, still after the retries",
        TaskCanceledException => "timed out, still after the retries",
        BrokenCircuitException => "the source failed too often recently; requests to it are paused (circuit open)",
        HttpRequestException { InnerException: SocketException socket } => $"cannot connect: {socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound => "host not found",
            SocketError.TimedOut => "connection timed out",
            var other => other.ToString(),
        }}, still after the retries",
        HttpRequestException h => $"the request failed ({h.HttpRequestError}), still after the retries",
        _ => "the connection broke while reading the response",
    };

    private async Task WaitForRequestIntervalAsync(CancellationToken cancellationToken)
    {
        var interval = Source.RequestInterval;
        if (interval <= TimeSpan.Zero || _lastRequestTimestamp == 0)
        {
            return;
        }

        var remaining = interval - _time.GetElapsedTime(_lastRequestTimestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A successful answer: its media type and text.</summary>
public sealed record SourceResponse(string? MediaType, string Body)
{
    /// <summary>The body as JSON, refusing what is plainly not: nothing, or an HTML page (an error or login page with 200).</summary>
    public JsonDocument Json()
    {
        RefuseEmptyOrHtml("JSON");
        try
        {
            return JsonDocument.Parse(Body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new SourcePayloadException($"the response is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The body as text for a CSV, with the same refusals.</summary>
    public string Text(string expected)
    {
        RefuseEmptyOrHtml(expected);
        return Body;
    }

    private void RefuseEmptyOrHtml(string expected)
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            throw new SourcePayloadException($"the response body is empty; expected {expected}");
        }

        var start = Body.AsSpan().TrimStart();
        var html = string.Equals(MediaType, "text/html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
        if (html)
        {
            throw new SourcePayloadException($"the response is an HTML page ({MediaType ?? "no content type"}), not {expected}: the service answered with an error or sign-in page");
        }
    }
}
