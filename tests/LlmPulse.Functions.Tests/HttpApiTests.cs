using System.Security.Cryptography;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Functions.Tests;

/// <summary>Versions, concurrency, paging, send-now, deliveries and health, and every bad input, through the HTTP doors.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpApiTests(AzuriteServer azurite)
{
    [Fact]
    public async Task A_second_post_answers_with_the_stored_briefing_instead_of_rendering_again()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        var first = await Api.PostAsync(app, "2023-07");
        app.Time.Advance(TimeSpan.FromHours(1));

        var second = await Api.PostAsync(app, "2023-07");

        Assert.Equal((201, 200), (first.Status, second.Status));
        Assert.Equal(first.Json().GetProperty("sha256").GetString(), second.Json().GetProperty("sha256").GetString());
        Assert.Equal(1, second.Json().GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Forcing_a_render_keeps_the_earlier_version_and_readers_get_the_newest_by_default()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        var v1 = (await Api.PostAsync(app, "2023-07")).Json();
        app.Time.Advance(TimeSpan.FromDays(1));

        var forced = await Api.PostAsync(app, "2023-07", "?code=k&force=true");

        Assert.Equal(201, forced.Status);
        var v2 = forced.Json();
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        var newest = await Api.GetAsync(app, "2023-07");
        var earlier = await Api.GetAsync(app, "2023-07", "?code=k&version=1");
        Assert.Equal(v2.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(newest.Body)));
        Assert.Equal(v1.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(earlier.Body)));
        Assert.NotEqual(newest.Body, earlier.Body);

        var listed = Assert.Single((await Api.ListAsync(app)).Json().GetProperty("briefings").EnumerateArray());
        Assert.Equal(2, listed.GetProperty("version").GetInt32());
        var kept = Assert.Single(listed.GetProperty("versions").EnumerateArray());
        Assert.Equal(1, kept.GetProperty("version").GetInt32());
        Assert.Equal(v1.GetProperty("sha256").GetString(), kept.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Two_renders_of_one_month_at_the_same_moment_end_with_one_briefing_that_both_callers_answer_with()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Api.PostAsync(app, "2023-07"))));

        Assert.Single(answers, a => a.Status == 201);
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 201 }));
        Assert.Single(answers.Select(a => a.Json().GetProperty("sha256").GetString()).Distinct());
        var listed = Assert.Single((await Api.ListAsync(app)).Json().GetProperty("briefings").EnumerateArray());
        Assert.Equal(1, listed.GetProperty("version").GetInt32());
        Assert.Empty(listed.GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task Forced_renders_racing_each_other_lose_no_version_and_overwrite_none()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        var first = (await Api.PostAsync(app, "2023-07")).Json();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Api.PostAsync(app, "2023-07", "?code=k&force=true"))));

        // Callers that raced on one version share it (200); each caller that stored one (201) got its own number.
        var created = answers.Where(a => a.Status == 201).Select(a => a.Json()).ToArray();
        Assert.NotEmpty(created);
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 201 }));
        Assert.Equal(created.Length, created.Select(c => c.GetProperty("version").GetInt32()).Distinct().Count());
        var listed = Assert.Single((await Api.ListAsync(app)).Json().GetProperty("briefings").EnumerateArray());
        Assert.Equal(1 + created.Length, listed.GetProperty("version").GetInt32());
        Assert.Equal(created.Length, listed.GetProperty("versions").GetArrayLength());

        // Every version is still the document it was when stored.
        foreach (var version in created.Append(first))
        {
            var number = version.GetProperty("version").GetInt32();
            var fetched = await Api.GetAsync(app, "2023-07", $"?code=k&version={number}");
            Assert.Equal(version.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(fetched.Body)));
        }
    }

    [Fact]
    public async Task The_Arabic_edition_is_stored_beside_the_English_one_and_both_are_listed()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var english = (await Api.PostAsync(app, "2023-07")).Json();
        var arabic = await Api.PostAsync(app, "2023-07", "?code=k&lang=ar");

        Assert.Equal(201, arabic.Status);
        Assert.Equal("2023/2023-07.ar.v1.pdf", arabic.Json().GetProperty("blobName").GetString());
        Assert.Equal("ar", arabic.Json().GetProperty("edition").GetString());
        Assert.Contains("يوليو", arabic.Json().GetProperty("title").GetString());
        var fetched = await Api.GetAsync(app, "2023-07", "?code=k&lang=ar");
        Assert.Equal("llmpulse-2023-07.ar.pdf", Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.Parse(fetched.Headers.ContentDisposition.ToString()).FileName.ToString());
        Assert.Equal(arabic.Json().GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(fetched.Body)));
        Assert.NotEqual(english.GetProperty("sha256").GetString(), arabic.Json().GetProperty("sha256").GetString());

        var listed = (await Api.ListAsync(app)).Json().GetProperty("briefings").EnumerateArray().ToArray();
        Assert.Equal([("2023-07", "en"), ("2023-07", "ar")], listed.Select(b => (b.GetProperty("month").GetString(), b.GetProperty("edition").GetString())));
    }

    [Fact]
    public async Task The_list_is_paged_newest_first_with_a_link_to_the_next_page()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        foreach (var month in new[] { "2023-05", "2023-06", "2023-07" })
        {
            await Api.PostAsync(app, month);
        }

        var first = (await Api.ListAsync(app, "?code=k&pageSize=2")).Json();
        var second = (await Api.ListAsync(app, "?code=k&page=2&pageSize=2")).Json();

        Assert.Equal(["2023-07", "2023-06"], first.GetProperty("briefings").EnumerateArray().Select(b => b.GetProperty("month").GetString()));
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal("https://llmpulse.example/api/briefings?page=2&pageSize=2", first.GetProperty("next").GetString());
        Assert.Equal(["2023-05"], second.GetProperty("briefings").EnumerateArray().Select(b => b.GetProperty("month").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("?code=k&force=yes", "force")]
    [InlineData("?code=k&lang=xx", "lang")]
    [InlineData("?code=k&lang=..%2Fen", "lang")]
    public async Task Bad_query_values_on_post_are_bad_requests(string query, string parameter)
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var problem = Api.AssertProblem(await Api.PostAsync(app, "2023-07", query), 400, "urn:llmpulse:problem:bad-parameter");

        Assert.Contains(parameter, problem.GetProperty("title").GetString());
        Assert.Empty((await Api.ListAsync(app)).Json().GetProperty("briefings").EnumerateArray());
    }

    [Theory]
    [InlineData("?code=k&version=0")]
    [InlineData("?code=k&version=-1")]
    [InlineData("?code=k&version=two")]
    [InlineData("?code=k&version=99999999999")]
    public async Task Bad_versions_are_bad_requests(string query)
    {
        using var app = FunctionsApp.OnAzurite(azurite);

        Api.AssertProblem(await Api.GetAsync(app, "2023-07", query), 400, "urn:llmpulse:problem:bad-parameter");
    }

    [Fact]
    public async Task A_version_that_was_never_stored_is_not_found()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        await Api.PostAsync(app, "2023-07");

        var problem = Api.AssertProblem(await Api.GetAsync(app, "2023-07", "?code=k&version=7"), 404, "urn:llmpulse:problem:briefing-not-stored");

        Assert.Contains("Version 7", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("?code=k&page=0")]
    [InlineData("?code=k&pageSize=1000")]
    [InlineData("?code=k&page=x")]
    public async Task Bad_paging_is_a_bad_request(string query)
    {
        using var app = FunctionsApp.OnAzurite(azurite);

        Api.AssertProblem(await Api.ListAsync(app, query), 400, "urn:llmpulse:problem:bad-parameter");
    }

    [Fact]
    public async Task A_month_after_the_current_one_is_refused_before_any_work()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var problem = Api.AssertProblem(await Api.PostAsync(app, "2023-09"), 400, "urn:llmpulse:problem:future-month");

        Assert.Contains("2023-08", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_on_a_route_that_takes_none_is_refused_unread()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        var request = app.Request("POST", "/api/briefings/2023-07");
        request.ContentLength = 10_000_000;

        var answer = await FunctionsApp.SendAsync(request, await app.Function<CreateBriefing>().Run(request, "2023-07"));

        Api.AssertProblem(answer, 413, "urn:llmpulse:problem:body-too-large");
    }

    [Fact]
    public async Task A_briefing_of_the_current_month_is_refused_with_when_it_will_be_due_and_nothing_is_stored()
    {
        // The clock says 20 August 2023: August has not ended.
        using var app = FunctionsApp.OnAzurite(azurite, new DateTimeOffset(2023, 8, 20, 9, 0, 0, TimeSpan.Zero));
        await app.ImportTinySeedAsync();

        var problem = Api.AssertProblem(await Api.PostAsync(app, "2023-08"), 422, "urn:llmpulse:problem:month-not-finished");

        Assert.Contains("2023-08 has not ended yet", problem.GetProperty("detail").GetString());
        Assert.Equal(new DateTimeOffset(2023, 9, 1, 0, 0, 0, TimeSpan.Zero), problem.GetProperty("earliest").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2023, 9, 15, 7, 0, 0, TimeSpan.Zero), problem.GetProperty("dueBy").GetDateTimeOffset());
        Assert.Empty(await app.Services.GetRequiredService<BriefingStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_status_of_a_month_names_its_expected_series_versions_and_deliveries()
    {
        using var app = FunctionsApp.OnAzurite(azurite, new DateTimeOffset(2023, 8, 2, 9, 0, 0, TimeSpan.Zero));
        await app.ImportTinySeedAsync();
        await Api.PostAsync(app, "2023-07");
        var request = app.Request("GET", "/api/briefings/2023-07/status");

        var answer = await FunctionsApp.SendAsync(request, await app.Function<GetBriefingStatus>().Run(request, "2023-07"));

        Assert.Equal(200, answer.Status);
        var status = answer.Json();
        Assert.Equal("2023-07", status.GetProperty("month").GetString());
        Assert.False(status.GetProperty("due").GetBoolean());
        Assert.StartsWith("waiting for ", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var expected = status.GetProperty("expected").EnumerateArray().ToArray();
        Assert.NotEmpty(expected);
        Assert.Contains(expected, e => e.GetProperty("series").GetString() == "traffic.chatgpt.wikipedia_views" && !e.GetProperty("present").GetBoolean());
        Assert.Equal(expected.Length, status.GetProperty("missing").GetArrayLength());
        var version = Assert.Single(status.GetProperty("versions").EnumerateArray());
        Assert.Equal(("en", 1, "2023/2023-07.v1.pdf"), (version.GetProperty("edition").GetString(), version.GetProperty("version").GetInt32(), version.GetProperty("blobName").GetString()));
        Assert.Empty(status.GetProperty("deliveries").EnumerateArray());
    }

    [Fact]
    public async Task Send_now_to_an_unknown_subscriber_is_a_bad_request()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        await Api.PostAsync(app, "2023-07");
        var request = app.Request("POST", "/api/briefings/2023-07/send", "?code=k&to=nobody");

        var answer = await FunctionsApp.SendAsync(request, await app.Function<SendBriefing>().Run(request, "2023-07"));

        var problem = Api.AssertProblem(answer, 400, "urn:llmpulse:problem:bad-request");
        Assert.Contains("nobody", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("../../etc")]
    [InlineData("ключ")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Send_now_with_a_bad_idempotency_key_is_a_bad_request(string key)
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        await Api.PostAsync(app, "2023-07");
        var request = app.Request("POST", "/api/briefings/2023-07/send");
        request.Headers[SendBriefing.IdempotencyKeyHeader] = key;

        var answer = await FunctionsApp.SendAsync(request, await app.Function<SendBriefing>().Run(request, "2023-07"));

        var problem = Api.AssertProblem(answer, 400, "urn:llmpulse:problem:bad-parameter");
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_delivery_ledger_starts_empty()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        var request = app.Request("GET", "/api/deliveries");

        var answer = await FunctionsApp.SendAsync(request, await app.Function<ListDeliveries>().Run(request));

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Json().GetProperty("deliveries").EnumerateArray());
    }

    [Fact]
    public async Task Health_says_up_or_down_per_dependency_and_nothing_else()
    {
        using var healthy = FunctionsApp.OnAzurite(azurite);
        await healthy.ImportTinySeedAsync();
        var port = AzuriteServer.FreePort();
        using var broken = FunctionsApp.WithAppSettings(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey={Convert.ToBase64String(new byte[32])};BlobEndpoint=http://127.0.0.1:{port}/nobody;TableEndpoint=http://127.0.0.1:{port}/nobody;",
            ["Storage:MaxRetries"] = "0",
        });

        var up = await CheckAsync(healthy);
        var down = await CheckAsync(broken);

        Assert.Equal(200, up.Status);
        var body = up.Json();
        Assert.Equal(["status", "checkedAt", "dependencies"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("up", body.GetProperty("status").GetString());
        Assert.Equal(["blobs", "tables"], body.GetProperty("dependencies").EnumerateObject().Select(p => p.Name).Order());
        Assert.All(body.GetProperty("dependencies").EnumerateObject(), d =>
        {
            Assert.Equal(["status", "checkedAt"], d.Value.EnumerateObject().Select(p => p.Name));
            Assert.Equal("up", d.Value.GetProperty("status").GetString());
            Assert.Equal(FunctionsApp.DefaultNow, d.Value.GetProperty("checkedAt").GetDateTimeOffset());
        });

        Assert.Equal(503, down.Status);
        Assert.Equal("down", down.Json().GetProperty("status").GetString());
        Assert.All(down.Json().GetProperty("dependencies").EnumerateObject(), d => Assert.Equal("down", d.Value.GetProperty("status").GetString()));
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), down.Text);
        Assert.DoesNotContain("nobody", down.Text);

        static async Task<HttpAnswer> CheckAsync(FunctionsApp app)
        {
            var request = app.Request("GET", "/api/health", "");
            return await FunctionsApp.SendAsync(request, await app.Function<Health>().Run(request));
        }
    }

    [Fact]
    public async Task Anonymous_health_never_shows_a_delivery_error_and_reads_no_table_whole_but_the_details_do_behind_a_key()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        var ledger = app.Services.GetRequiredService<DeliveryLedger>();
        const string Error = "Email to subscriber 'ceo-private' via smtp.internal.example:587 as user briefings-bot failed: refused.";

        // One failed delivery this month, and one long ago, which the details leave out: they read recent months only.
        var claim = await ledger.TryClaimAsync(Wanted("2023-07", "ceo-private"), request: null, CancellationToken.None);
        await ledger.CompleteAsync(claim!, Error, nextAttemptAt: null, failedForGood: true, CancellationToken.None);
        var old = await ledger.TryClaimAsync(Wanted("2019-01", "old-reader"), request: null, CancellationToken.None);
        await ledger.CompleteAsync(old!, "old failure", nextAttemptAt: null, failedForGood: true, CancellationToken.None);

        static DeliveryRecord Wanted(string month, string subscriber) =>
            new(month, subscriber, "email", "en", 1, DeliveryStatus.Queued, 0, null, FunctionsApp.DefaultNow, null) { DeliveryId = $"{month}/en/v1/{subscriber}" };

        var anonymous = app.Request("GET", "/api/health", "");
        var health = await FunctionsApp.SendAsync(anonymous, await app.Function<Health>().Run(anonymous));
        var keyed = app.Request("GET", "/api/health/details");
        var details = await FunctionsApp.SendAsync(keyed, await app.Function<HealthDetails>().Run(keyed));

        Assert.Equal(200, health.Status);
        foreach (var secret in new[] { "ceo-private", "smtp.internal.example", "587", "briefings-bot", "2023-07" })
        {
            Assert.DoesNotContain(secret, health.Text, StringComparison.Ordinal);
        }

        Assert.Equal(200, details.Status);
        var delivery = Assert.Single(details.Json().GetProperty("recentDeliveries").EnumerateArray());
        Assert.Equal(Error, delivery.GetProperty("lastError").GetString());
        Assert.Equal("ceo-private", delivery.GetProperty("subscriber").GetString());
        Assert.Equal("up", details.Json().GetProperty("status").GetString());
    }
}
