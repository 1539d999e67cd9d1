using System.Diagnostics.Tracing;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure.Core.Diagnostics;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Text.Json;
using LlmPulse.Testing;
using Microsoft.Net.Http.Headers;

namespace LlmPulse.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class HttpFunctionTests(AzuriteServer azurite)
{
    [Fact]
    public async Task Post_then_get_returns_the_very_bytes_the_post_described()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var created = await Api.PostAsync(app, "2023-07");

        Assert.Equal(201, created.Status);
        Assert.Equal("application/json", created.MediaType);
        var json = created.Json();
        Assert.Equal("2023-07", json.GetProperty("month").GetString());
        Assert.Equal("2023/2023-07.v1.pdf", json.GetProperty("blobName").GetString());
        Assert.Equal(FunctionsApp.DefaultNow, json.GetProperty("generatedAt").GetDateTimeOffset());

        var fetched = await Api.GetAsync(app, "2023-07");

        Assert.Equal(200, fetched.Status);
        Assert.Equal("application/pdf", fetched.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(fetched.Body, 0, 5));
        Assert.Equal(json.GetProperty("bytes").GetInt64(), fetched.Body.LongLength);
        Assert.Equal(json.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(fetched.Body)));
    }

    [Fact]
    public async Task Post_answers_with_a_location_to_get_the_document_that_does_not_repeat_the_function_key()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var created = await Api.PostAsync(app, "2023-07", query: "?code=secret-function-key");

        Assert.Equal("https://llmpulse.example/api/briefings/2023-07", created.Headers.Location.ToString());
        Assert.DoesNotContain("secret-function-key", created.Text + created.Headers.Location);
    }

    [Fact]
    public async Task Get_offers_the_document_for_download_under_a_name_that_says_its_month()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        await Api.PostAsync(app, "2023-07");

        var fetched = await Api.GetAsync(app, "2023-07");

        var disposition = ContentDispositionHeaderValue.Parse(fetched.Headers.ContentDisposition.ToString());
        Assert.Equal("llmpulse-2023-07.pdf", disposition.FileName.ToString());
        Assert.False(string.IsNullOrEmpty(fetched.Headers.ETag.ToString()));
        Assert.False(string.IsNullOrEmpty(fetched.Headers.LastModified.ToString()));
    }

    [Fact]
    public async Task Get_with_the_etag_a_client_already_has_answers_not_modified_without_the_document()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        await Api.PostAsync(app, "2023-07");
        var first = await Api.GetAsync(app, "2023-07");

        var request = app.Request("GET", "/api/briefings/2023-07");
        request.Headers.IfNoneMatch = first.Headers.ETag;
        var again = await FunctionsApp.SendAsync(request, await app.Function<GetBriefing>().Run(request, "2023-07"));

        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
    }

    [Fact]
    public async Task List_shows_each_stored_briefing_newest_first_as_the_post_described_it()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        var june = (await Api.PostAsync(app, "2023-06")).Json();
        var july = (await Api.PostAsync(app, "2023-07")).Json();

        var listed = await Api.ListAsync(app);

        Assert.Equal(200, listed.Status);
        Assert.Equal("application/json", listed.MediaType);
        var briefings = listed.Json().GetProperty("briefings").EnumerateArray().ToArray();
        Assert.Equal(["2023-07", "2023-06"], briefings.Select(b => b.GetProperty("month").GetString()));
        foreach (var (listedOne, posted) in new[] { (briefings[0], july), (briefings[1], june) })
        {
            foreach (var property in posted.EnumerateObject())
            {
                Assert.Equal(property.Value.ToString(), listedOne.GetProperty(property.Name).ToString());
            }

            Assert.Empty(listedOne.GetProperty("versions").EnumerateArray());
        }
    }

    [Fact]
    public async Task List_of_an_empty_store_is_an_empty_list()
    {
        using var app = FunctionsApp.OnAzurite(azurite);

        var listed = await Api.ListAsync(app);

        Assert.Equal(200, listed.Status);
        Assert.Empty(listed.Json().GetProperty("briefings").EnumerateArray());
    }

    [Theory]
    [InlineData("2023-13")]
    [InlineData("2023-7")]
    [InlineData("abcd-ef")]
    [InlineData("0000-01")]
    [InlineData("2023-07-01")]
    [InlineData("../x")]
    public async Task A_malformed_or_impossible_month_is_a_bad_request_that_names_the_expected_form(string month)
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var posted = await Api.PostAsync(app, month);
        var fetched = await Api.GetAsync(app, month);

        foreach (var answer in new[] { posted, fetched })
        {
            var problem = Api.AssertProblem(answer, 400, "urn:llmpulse:problem:bad-month");
            Assert.Contains(month, problem.GetProperty("detail").GetString());
            Assert.Contains("YYYY-MM", problem.GetProperty("detail").GetString());
        }

        Assert.Empty((await Api.ListAsync(app)).Json().GetProperty("briefings").EnumerateArray());
    }

    [Fact]
    public async Task Get_of_a_month_with_no_stored_briefing_is_not_found_and_says_how_to_build_it()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var fetched = await Api.GetAsync(app, "2023-07");

        var problem = Api.AssertProblem(fetched, 404, "urn:llmpulse:problem:briefing-not-stored");
        Assert.Equal("2023-07", problem.GetProperty("month").GetString());
        Assert.Contains("POST /api/briefings/2023-07", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_for_a_month_before_any_data_is_unprocessable_and_stores_nothing()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();

        var posted = await Api.PostAsync(app, "2023-04");

        var problem = Api.AssertProblem(posted, 422, "urn:llmpulse:problem:no-data");
        Assert.Equal("2023-04", problem.GetProperty("month").GetString());
        Assert.Contains("2023-04-30", problem.GetProperty("detail").GetString());
        Assert.Equal(404, (await Api.GetAsync(app, "2023-04")).Status);
    }

    [Fact]
    public async Task Unreachable_storage_is_service_unavailable_and_never_shows_the_account_key()
    {
        var accountKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var port = AzuriteServer.FreePort();
        using var app = FunctionsApp.WithAppSettings(new Dictionary<string, string?>
        {
            // As in Azure: the Functions storage setting is the only one, with the account key in it.
            ["AzureWebJobsStorage"] =
                $"DefaultEndpointsProtocol=http;AccountName=llmpulsetest;AccountKey={accountKey};" +
                $"BlobEndpoint=http://127.0.0.1:{port}/llmpulsetest;TableEndpoint=http://127.0.0.1:{port}/llmpulsetest;",
            ["Storage:MaxRetries"] = "0",
        });

        var answers = new[] { await Api.PostAsync(app, "2023-07"), await Api.GetAsync(app, "2023-07"), await Api.ListAsync(app) };

        foreach (var answer in answers)
        {
            var problem = Api.AssertProblem(answer, 503, "urn:llmpulse:problem:storage-unavailable");
            Assert.Equal("Storage is unavailable", problem.GetProperty("title").GetString());
            Assert.DoesNotContain(accountKey, answer.Text);
            Assert.DoesNotContain("AccountKey", answer.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(port.ToString(), answer.Text);
        }

        Assert.Contains(app.Logs.Lines, l => l.Message.Contains("Storage is unreachable", StringComparison.Ordinal));
        Assert.DoesNotContain(accountKey, app.Logs.AllText);
    }

    [Fact]
    public async Task Post_for_a_month_already_stored_answers_from_its_metadata_without_downloading_the_pdf()
    {
        using var app = FunctionsApp.OnAzurite(azurite);
        await app.ImportTinySeedAsync();
        var container = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.BriefingsContainer;
        var first = await Api.PostAsync(app, "2023-07");
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventName == "Request" && message.Contains($"/{container}", StringComparison.Ordinal))
                {
                    requests.Enqueue(message);
                }
            },
            EventLevel.Informational))
        {
            var again = await Api.PostAsync(app, "2023-07");

            Assert.Equal(200, again.Status);
            Assert.Equal(first.Json().GetProperty("sha256").GetString(), again.Json().GetProperty("sha256").GetString());
        }

        Assert.NotEmpty(requests);
        Assert.DoesNotContain(requests, r => Regex.IsMatch(r, @"GET \S*/2023/2023-07(\.v\d+)?\.pdf(\s|$)"));
    }
}
