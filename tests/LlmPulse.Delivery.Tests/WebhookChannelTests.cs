using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LlmPulse.Delivery.Tests.Support;

namespace LlmPulse.Delivery.Tests;

/// <summary>The webhook channel against a real HTTP receiver on the loopback interface.</summary>
public sealed class WebhookChannelTests
{
    private const string Secret = "whsec-team-chat-0123456789";
    private const string PathToken = "T0PATH-token-42";
    private const string QueryToken = "q-token-7f3a";

    private static Uri HookUrl(WebhookReceiver receiver) => new(receiver.BaseAddress, $"hooks/{PathToken}?token={QueryToken}");

    [Fact]
    public async Task The_body_carries_the_briefing_and_the_receiver_verifies_the_signature_with_the_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var host = ChannelHost.ForWebhooks();
        var delivery = Samples.Delivery();

        await host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), delivery, CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/hooks/{PathToken}?token={QueryToken}", request.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.True(request.SignatureValid);

        // Standard Webhooks: v1, and the base64 HMAC-SHA256 of "id.timestamp.body" under the secret.
        Assert.Equal("2023-07/en/v2/team-chat", request.Id);
        Assert.Equal("2023-07/en/v2/team-chat", request.DeliveryId);
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(request.Timestamp!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(DateTimeOffset.UtcNow - sentAt, TimeSpan.FromSeconds(-5), TimeSpan.FromMinutes(1));
        var signed = Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.").Concat(request.Body).ToArray();
        Assert.Equal("v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)), request.Signature);
        Assert.Equal(WebhookChannel.Body(delivery), request.Body);

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(
            ["month", "edition", "version", "title", "keyFindings", "link", "linkExpiresAt", "sha256", "fileName", "revisionOf", "changes"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2023-07", root.GetProperty("month").GetString());
        Assert.Equal("en", root.GetProperty("edition").GetString());
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        Assert.Equal("LlmPulse briefing — July 2023", root.GetProperty("title").GetString());
        Assert.Equal(Samples.Findings, root.GetProperty("keyFindings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(delivery.Link.AbsoluteUri, root.GetProperty("link").GetString());
        Assert.Equal(delivery.LinkExpiresAt, root.GetProperty("linkExpiresAt").GetDateTimeOffset());
        Assert.Equal("2023-08-08T07:00:00+00:00", root.GetProperty("linkExpiresAt").GetString());
        Assert.Equal(delivery.Sha256, root.GetProperty("sha256").GetString());
        Assert.Equal("llmpulse-2023-07.pdf", root.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task A_tampered_body_or_another_secret_fails_verification()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var host = ChannelHost.ForWebhooks();
        await host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), Samples.Delivery(), CancellationToken.None);
        var request = Assert.Single(receiver.Requests);

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("\"version\":2", "\"version\":3", StringComparison.Ordinal));
        Assert.NotEqual(request.Body, tampered);

        var now = DateTimeOffset.UtcNow;
        bool Verify(string? id, string? timestamp, byte[] body, string? signature, string secret, DateTimeOffset at) =>
            WebhookSignature.Verify(id, timestamp, body, signature, [secret], at);

        Assert.True(Verify(request.Id, request.Timestamp, request.Body, request.Signature, Secret, now));
        Assert.False(Verify(request.Id, request.Timestamp, tampered, request.Signature, Secret, now));
        Assert.False(Verify(request.Id, request.Timestamp, request.Body, request.Signature, Secret + "x", now));
        Assert.False(Verify(request.Id, request.Timestamp, request.Body, request.Signature!.Replace("v1,", "v2,", StringComparison.Ordinal), Secret, now));
        Assert.False(Verify(request.Id, request.Timestamp, request.Body, request.Signature[..^4], Secret, now));
        Assert.False(Verify(request.Id, request.Timestamp, request.Body, null, Secret, now));

        // A replay: another id, or the same request later than the five minutes allowed, fails.
        Assert.False(Verify("2023-07/en/v3/team-chat", request.Timestamp, request.Body, request.Signature, Secret, now));
        Assert.False(Verify(request.Id, (long.Parse(request.Timestamp!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Body, request.Signature, Secret, now));
        Assert.False(Verify(request.Id, request.Timestamp, request.Body, request.Signature, Secret, now.AddMinutes(6)));
        Assert.True(Verify(request.Id, request.Timestamp, request.Body, request.Signature, Secret, now.AddMinutes(4)));
    }

    [Fact]
    public async Task A_500_then_a_200_is_delivered_through_the_retry_with_the_same_body_signature_and_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret, 500);
        await using var host = ChannelHost.ForWebhooks();

        await host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), Samples.Delivery(), CancellationToken.None);

        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(requests[0].Signature, requests[1].Signature);
        Assert.Equal(requests[0].DeliveryId, requests[1].DeliveryId);
    }

    [Fact]
    public async Task A_receiver_that_always_fails_gives_a_delivery_failure_with_the_status_and_no_secret_or_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.AlwaysStatus = 500;
        await using var host = ChannelHost.ForWebhooks();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DeliveryException>(
            () => host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), Samples.Delivery(), CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}: the tiny test delays were not applied");
        Assert.Equal(4, receiver.Requests.Count); // the first try and the standard handler's 3 retries
        Assert.Contains("HTTP 500", failure.Message);
        Assert.Contains("'team-chat'", failure.Message);
        Assert.Contains($"http://127.0.0.1:{receiver.BaseAddress.Port}", failure.Message);
        foreach (var text in new[] { failure.ToString(), host.Logs.AllText })
        {
            Assert.DoesNotContain(Secret, text);
            Assert.DoesNotContain(PathToken, text);
            Assert.DoesNotContain(QueryToken, text);
        }

        Assert.NotEmpty(host.Logs.Lines); // the retries were logged, safely
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret, 400);
        await using var host = ChannelHost.ForWebhooks();

        var failure = await Assert.ThrowsAsync<DeliveryException>(
            () => host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), Samples.Delivery(), CancellationToken.None));

        Assert.Contains("HTTP 400", failure.Message);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret, 307);
        await using var host = ChannelHost.ForWebhooks();

        var failure = await Assert.ThrowsAsync<DeliveryException>(
            () => host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), Samples.Delivery(), CancellationToken.None));

        Assert.Contains("HTTP 307", failure.Message);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task An_unreachable_receiver_fails_with_the_cause_and_no_token()
    {
        var port = Samples.FreePort();
        await using var host = ChannelHost.ForWebhooks();
        var url = new Uri($"http://127.0.0.1:{port}/hooks/{PathToken}?token={QueryToken}");

        var failure = await Assert.ThrowsAsync<DeliveryException>(
            () => host.Webhook.SendAsync(Samples.WebhookReader(url, Secret), Samples.Delivery(), CancellationToken.None));

        Assert.Contains($"http://127.0.0.1:{port}", failure.Message);
        Assert.Contains("ConnectionRefused", failure.Message);
        Assert.DoesNotContain(PathToken, failure.ToString());
        Assert.DoesNotContain(QueryToken, failure.ToString());
        Assert.DoesNotContain(Secret, host.Logs.AllText);
        Assert.DoesNotContain(PathToken, host.Logs.AllText);
    }

    [Fact]
    public async Task A_subscriber_without_a_url_or_a_secret_is_named_in_the_failure()
    {
        await using var host = ChannelHost.ForWebhooks();
        var noUrl = new SubscriberOptions { Name = "script-a", Channel = WebhookChannel.ChannelName, WebhookSecret = Secret };
        var noSecret = new SubscriberOptions { Name = "script-b", Channel = WebhookChannel.ChannelName, WebhookUrl = new Uri("https://127.0.0.1:9/hook") };

        var missingUrl = await Assert.ThrowsAsync<DeliveryException>(() => host.Webhook.SendAsync(noUrl, Samples.Delivery(), CancellationToken.None));
        var missingSecret = await Assert.ThrowsAsync<DeliveryException>(() => host.Webhook.SendAsync(noSecret, Samples.Delivery(), CancellationToken.None));

        Assert.Contains("'script-a'", missingUrl.Message);
        Assert.Contains("WebhookUrl", missingUrl.Message);
        Assert.Contains("'script-b'", missingSecret.Message);
        Assert.Contains("WebhookSecret", missingSecret.Message);
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8_not_escaped()
    {
        var body = WebhookChannel.Body(Samples.Delivery(edition: "ar", title: "موجز LlmPulse — يوليو 2023"));

        var text = Encoding.UTF8.GetString(body);
        Assert.Contains("\"title\":\"موجز LlmPulse — يوليو 2023\"", text);
        Assert.Contains("\"fileName\":\"llmpulse-2023-07.ar.pdf\"", text);
        Assert.DoesNotContain("\\u", text);
    }

    [Fact]
    public async Task During_a_secret_rotation_each_request_is_signed_with_both_secrets_and_either_verifies()
    {
        const string Retiring = "old-secret-being-retired";
        const string Current = "whsec_" + "bmV3LXNlY3JldC1ieXRlcy0wMTIzNDU2Nzg5";
        await using var oldReceiver = await WebhookReceiver.StartAsync([Retiring], TimeProvider.System);
        await using var newReceiver = await WebhookReceiver.StartAsync([Current], TimeProvider.System);
        await using var strangerReceiver = await WebhookReceiver.StartAsync(["someone-else"], TimeProvider.System);
        await using var host = ChannelHost.ForWebhooks();

        foreach (var receiver in new[] { oldReceiver, newReceiver, strangerReceiver })
        {
            var reader = Samples.WebhookReader(HookUrl(receiver), Current);
            reader.WebhookPreviousSecret = Retiring;
            await host.Webhook.SendAsync(reader, Samples.Delivery(), CancellationToken.None);
        }

        Assert.True(Assert.Single(oldReceiver.Requests).SignatureValid);
        Assert.True(Assert.Single(newReceiver.Requests).SignatureValid);
        Assert.False(Assert.Single(strangerReceiver.Requests).SignatureValid);
        var signatures = Assert.Single(newReceiver.Requests).Signature!.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));

        // A whsec_ secret is keyed with its base64-decoded bytes, as the convention's libraries do.
        var request = Assert.Single(newReceiver.Requests);
        var signed = Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.").Concat(request.Body).ToArray();
        Assert.Equal("v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(Current["whsec_".Length..]), signed)), signatures[0]);
    }

    [Fact]
    public async Task Outside_development_an_http_url_is_refused_and_nothing_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var host = ChannelHost.ForWebhooks(environment: "Production");

        var failure = await Assert.ThrowsAsync<DeliveryException>(
            () => host.Webhook.SendAsync(Samples.WebhookReader(HookUrl(receiver), Secret), Samples.Delivery(), CancellationToken.None));

        Assert.Contains("'team-chat'", failure.Message);
        Assert.Contains("https://", failure.Message);
        Assert.Empty(receiver.Requests);
    }
}
