using System.Reflection;
using System.Text.RegularExpressions;
using LlmPulse.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Functions.Tests;

/// <summary>
/// Every HTTP route, found by reflection over the Functions assembly, against one corpus of hostile input. What
/// each kind of input must get:
/// <list type="bullet">
/// <item>a bad route value (over-long, non-ASCII, <c>..</c>, slashes and encoded slashes, NUL): a problem+json 400 or 404;</item>
/// <item>a bad value of a query parameter the route reads (huge or negative numbers, non-ASCII digits): problem+json 400;</item>
/// <item>a body over 1 KB or of unknown length (no route takes one): problem+json 413, unread;</item>
/// <item>unknown query parameters, a small body on a GET, a wrong <c>Accept</c>: harmlessly ignored, the same answer
///   as without them (every route has one representation, so <c>Accept</c> is not negotiated);</item>
/// <item>a wrong method never reaches a function: each trigger declares its one method and the host answers 404
///   for any other, so the test checks the declarations.</item>
/// </list>
/// Whatever the input: never a 5xx, every 4xx is problem+json, and no body holds a stack trace, the storage
/// endpoint, the account key or the SMTP host. A route without an entry in <see cref="Routes"/> fails the test.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class HostileInputTests(AzuriteServer azurite)
{
    private const string SmtpHost = "smtp.internal-secret.example";
    private const string SmtpPassword = "smtp-password-never-shown";

    /// <summary>Per function: a valid value for each route parameter, and the query parameters it reads with numbers.</summary>
    private static readonly Dictionary<string, RouteEntry> Routes = new(StringComparer.Ordinal)
    {
        ["CreateBriefing"] = new(new() { ["month"] = "2023-07" }, ["force", "lang"]),
        ["GetBriefing"] = new(new() { ["month"] = "2023-07" }, ["version", "lang"]),
        ["GetBriefingStatus"] = new(new() { ["month"] = "2023-07" }, []),
        ["SendBriefing"] = new(new() { ["month"] = "2023-07" }, []),
        ["ListBriefings"] = new([], ["page", "pageSize"]),
        ["ListDeliveries"] = new([], ["max"]),
        ["ListRuns"] = new([], ["limit"]),
        ["GetRun"] = new(new() { ["id"] = "r-20230801-0000" }, []),
        ["CollectNow"] = new(new() { ["source"] = "tranco" }, ["from", "to"]),
        ["Health"] = new([], []),
        ["HealthDetails"] = new([], []),
        ["ListSeries"] = new([], []),
        ["GetObservations"] = new(new() { ["id"] = "traffic.chatgpt.visits.world" }, ["from", "to"]),
    };

    private static readonly string[] HostileRouteValues =
    [
        new string('9', 5000),
        "2023-07" + new string('x', 300),
        "２０２３-０７",
        "٢٠٢٣-٠٧",
        "2023-07\u202E",
        "ChatGPT概念",
        "..",
        "../../etc/passwd",
        "..%2F..%2Fsecrets",
        "2023%2F07",
        "a/b",
        "%2e%2e",
        "2023-07\0",
        " ",
        "'; DROP TABLE x; --",
        "<script>alert(1)</script>",
        "PartitionKey eq 'x' or true",
    ];

    private static readonly string[] HostileNumbers =
    [
        "-1", "0", "99999999999999999999999", "2147483648", "1e3", "１", "0x10", " 1", "1.5", "", "NaN", new string('9', 5000),
    ];

    private static readonly string[] HostileWords = ["xx", "..%2Fen", "TRUE!", "yes", "\u202E", new string('a', 5000)];

    public static TheoryData<string> HttpFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _, _) in Discover())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Every_route_has_an_entry_in_the_corpus_table_and_declares_one_explicit_method()
    {
        var discovered = Discover().ToArray();

        Assert.Equal(Routes.Keys.Order(StringComparer.Ordinal), discovered.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.All(discovered, d =>
        {
            var trigger = Trigger(d.Method);
            var methods = Assert.Single(trigger.Methods ?? []);
            Assert.Contains(methods, new[] { "get", "post" });
            Assert.False(string.IsNullOrEmpty(trigger.Route));
        });
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task A_route_answers_hostile_input_with_a_clean_problem_never_a_500(string function)
    {
        var entry = Routes.TryGetValue(function, out var found) ? found : throw new Xunit.Sdk.XunitException($"The HTTP function {function} has no entry in the hostile-input table: add its route values and query parameters.");
        var (_, method, type) = Discover().Single(d => d.Name == function);
        var verb = Assert.Single(Trigger(method).Methods!).ToUpperInvariant();
        using var app = FunctionsApp.OnAzurite(azurite, new Dictionary<string, string?>
        {
            ["Delivery:Smtp:Host"] = SmtpHost,
            ["Delivery:Smtp:Password"] = SmtpPassword,
            ["Delivery:Smtp:User"] = "briefings-bot",
            ["Delivery:Smtp:From"] = "briefings@llmpulse.example",
        });
        var secrets = Secrets(app);

        var baseline = await CallAsync(app, type, method, verb, entry.RouteValues, "?code=k");
        AssertClean(baseline, secrets, function, "baseline");

        // Bad route values: refused as a problem, 400 or 404.
        foreach (var parameter in entry.RouteValues.Keys)
        {
            foreach (var value in HostileRouteValues)
            {
                var values = new Dictionary<string, string?>(entry.RouteValues) { [parameter] = value };
                var answer = await CallAsync(app, type, method, verb, values, "?code=k");
                var what = $"{parameter}='{Shorten(value)}'";
                AssertClean(answer, secrets, function, what);
                Assert.True(answer.Status is 400 or 404, $"{function} {what}: {answer.Status} {Shorten(answer.Text)}");
            }
        }

        // Bad values of the query parameters it reads: 400.
        foreach (var parameter in entry.QueryParameters)
        {
            var corpus = parameter is "force" or "lang" ? HostileWords : HostileNumbers;
            foreach (var value in corpus.Where(v => v.Length > 0 || parameter is not ("from" or "to")))
            {
                var answer = await CallAsync(app, type, method, verb, entry.RouteValues, "?code=k&" + parameter + "=" + Uri.EscapeDataString(value));
                var what = $"?{parameter}={Shorten(value)}";
                AssertClean(answer, secrets, function, what);
                Assert.True(answer.Status == 400, $"{function} {what}: {answer.Status} {Shorten(answer.Text)}");
            }
        }

        // A body no route takes: over 1 KB (10 MB here) or of unknown length is 413, before anything reads it.
        var large = await CallAsync(app, type, method, verb, entry.RouteValues, "?code=k", body: 10 * 1024 * 1024);
        AssertClean(large, secrets, function, "10 MB body");
        Assert.Equal(413, large.Status);
        var chunked = await CallAsync(app, type, method, verb, entry.RouteValues, "?code=k", body: 64, chunked: true);
        AssertClean(chunked, secrets, function, "chunked body");
        Assert.Equal(413, chunked.Status);

        // Harmless: ignored, the same answer as the baseline.
        var harmless = new (string What, string Query, int Body, string? Accept)[]
        {
            ("unknown query parameters", "?code=k&utm_source=%3Cscript%3E&%24filter=PartitionKey%20ne%20%27%27&callback=x&debug=true", 0, null),
            ("a repeated query parameter", "?code=k&code=k&zzz=1&zzz=2", 0, null),
            ("a small body", "?code=k", 20, null),
            ("Accept: application/xml", "?code=k", 0, "application/xml"),
            ("Accept: text/html", "?code=k", 0, "text/html"),
            ("Accept: garbage", "?code=k", 0, "not a media type;;;=="),
        };
        foreach (var (what, query, body, accept) in harmless)
        {
            if (body > 0 && verb != "GET")
            {
                continue;
            }

            var answer = await CallAsync(app, type, method, verb, entry.RouteValues, query, body, accept: accept);
            AssertClean(answer, secrets, function, what);
            Assert.True(answer.Status == baseline.Status, $"{function} with {what}: {answer.Status}, without: {baseline.Status}; {Shorten(answer.Text)}");
        }
    }

    private static IEnumerable<(string Name, MethodInfo Method, Type Type)> Discover() =>
        typeof(CreateBriefing).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()?.Name ?? m.Name, m, m.DeclaringType!));

    private static HttpTriggerAttribute Trigger(MethodInfo method) =>
        method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;

    private static async Task<HttpAnswer> CallAsync(
        FunctionsApp app, Type type, MethodInfo method, string verb, IReadOnlyDictionary<string, string?> routeValues, string query,
        int body = 0, bool chunked = false, string? accept = null)
    {
        var route = Trigger(method).Route!;
        var path = "/api/" + RouteParameter().Replace(route, m => routeValues.TryGetValue(m.Groups[1].Value, out var v) ? Uri.EscapeDataString(v ?? "").Replace("%00", "%2500", StringComparison.Ordinal) : "");
        var request = app.Request(verb, path.TrimEnd('/'), query);
        if (body > 0)
        {
            request.Body = new MemoryStream(new byte[body]);
            request.ContentType = "application/json";
            if (chunked)
            {
                request.Headers.TransferEncoding = "chunked";
            }
            else
            {
                request.ContentLength = body;
            }
        }

        if (accept is not null)
        {
            request.Headers.Accept = accept;
        }

        var instance = ActivatorUtilities.CreateInstance(app.Services, type);
        var arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(HttpRequest) ? request : (object?)routeValues.GetValueOrDefault(p.Name!))
            .ToArray();
        var result = await (Task<IActionResult>)method.Invoke(instance, arguments)!;
        return await FunctionsApp.SendAsync(request, result);
    }

    private static void AssertClean(HttpAnswer answer, IReadOnlyList<string> secrets, string function, string what)
    {
        var text = answer.Text;
        Assert.True(answer.Status < 500, $"{function} {what}: {answer.Status} {Shorten(text)}");
        if (answer.Status >= 400)
        {
            Assert.True(answer.MediaType == "application/problem+json", $"{function} {what}: {answer.Status} as {answer.ContentType}");
            var problem = answer.Json();
            Assert.Equal(answer.Status, problem.GetProperty("status").GetInt32());
            Assert.StartsWith("urn:llmpulse:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{function} {what}: the answer shows '{secret}'");
        }
    }

    private static string[] Secrets(FunctionsApp app)
    {
        var storage = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LlmPulse.Storage.StorageOptions>>().Value;
        var parts = (storage.ConnectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var endpoint = new Uri(parts["TableEndpoint"]);
        return [parts["AccountKey"], endpoint.Authority, new Uri(parts["BlobEndpoint"]).Authority, SmtpHost, SmtpPassword, "briefings-bot"];
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [GeneratedRegex(@"\{(\w+)\??\}")]
    private static partial Regex RouteParameter();

    private sealed record RouteEntry(Dictionary<string, string?> RouteValues, string[] QueryParameters);
}
