using System.Security.Cryptography;
using System.Text;
using LlmPulse.Delivery.Tests.Support;
using LlmPulse.Testing;
using Microsoft.AspNetCore.Http;

namespace LlmPulse.Delivery.Tests;

/// <summary>
/// The C# receiver example of docs/SECURITY.md is this file's <see cref="Verify"/>, word for word, and it accepts
/// what the webhook channel really sends and refuses a tampered or replayed request.
/// </summary>
public sealed class ReceiverExampleTests
{
    // begin:receiver-example
    static bool Verify(IHeaderDictionary headers, byte[] body, string secret)
    {
        var key = secret.StartsWith("whsec_") ? Convert.FromBase64String(secret[6..]) : Encoding.UTF8.GetBytes(secret);
        string id = headers["webhook-id"].ToString(), ts = headers["webhook-timestamp"].ToString();
        if (!long.TryParse(ts, out var sent) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - sent) > 300)
            return false; // too old, or from the future: refuse it as a replay
        var mac = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{ts}.").Concat(body).ToArray()));
        return headers["webhook-signature"].ToString().Split(' ').Any(signature =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(mac)));
    }
    // end:receiver-example

    [Theory]
    [InlineData("team-secret-0123456789")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public async Task The_documented_receiver_accepts_a_real_delivery_and_refuses_a_tampered_or_replayed_one(string secret)
    {
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        await using var host = ChannelHost.ForWebhooks();
        await host.Webhook.SendAsync(Samples.WebhookReader(new Uri(receiver.BaseAddress, "hook"), secret), Samples.Delivery(), CancellationToken.None);
        var request = Assert.Single(receiver.Requests);
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = request.Id,
            ["webhook-timestamp"] = request.Timestamp,
            ["webhook-signature"] = request.Signature,
        };

        Assert.True(Verify(headers, request.Body, secret));
        Assert.False(Verify(headers, [.. request.Body, (byte)' '], secret));
        Assert.False(Verify(headers, request.Body, secret.StartsWith("whsec_", StringComparison.Ordinal) ? "whsec_" + Convert.ToBase64String(new byte[24]) : secret + "x"));
        headers["webhook-timestamp"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Verify(headers, request.Body, secret));
    }

    [Fact]
    public void Security_md_quotes_this_receiver_word_for_word()
    {
        var source = File.ReadAllLines(Path.Combine(AzuriteServer.RepositoryRoot, "tests", "LlmPulse.Delivery.Tests", "ReceiverExampleTests.cs"));
        var start = Array.FindIndex(source, l => l.Trim() == "// begin:receiver-example") + 1;
        var end = Array.FindIndex(source, l => l.Trim() == "// end:receiver-example");
        var example = string.Join('\n', source[start..end].Select(l => l.Length >= 4 ? l[4..] : l.TrimStart()));

        var doc = File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "docs", "SECURITY.md")).ReplaceLineEndings("\n");

        Assert.Contains(example, doc, StringComparison.Ordinal);
        Assert.True(end - start <= 11, "the example is meant to stay about ten lines");
    }
}
