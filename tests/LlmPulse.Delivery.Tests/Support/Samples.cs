using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LlmPulse.Delivery.Tests.Support;

internal static class Samples
{
    public static readonly string[] Findings =
    [
        "ChatGPT's web traffic fell for the second month in a row, down 9.7% in July.",
        "The ChatGPT concept index closed July 21.9% below its June peak.",
        "AI investment fell 38% quarter over quarter.",
    ];

    /// <summary>A small stand-in for a PDF: a header, every byte value (so any mangling shows) and a trailer.</summary>
    public static byte[] FakePdf(int filler = 2048)
    {
        var bytes = new List<byte>("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8.ToArray());
        for (var i = 0; i < filler; i++)
        {
            bytes.Add((byte)(i * 31 % 256));
        }

        bytes.AddRange("\n%%EOF\n"u8.ToArray());
        return [.. bytes];
    }

    public static BriefingDelivery Delivery(byte[]? pdf = null, string edition = "en", string month = "2023-07", string? title = null)
    {
        pdf ??= FakePdf();
        return new BriefingDelivery(
            month,
            edition,
            2,
            title ?? "LlmPulse briefing — July 2023",
            Findings,
            edition == "en" ? $"llmpulse-{month}.pdf" : $"llmpulse-{month}.{edition}.pdf",
            pdf,
            Convert.ToHexStringLower(SHA256.HashData(pdf)),
            new Uri($"http://127.0.0.1:10000/devstoreaccount1/briefings/2023/{month}.pdf?sv=2025-01-05&se=2023-08-08&sig=SAS-signature-abc%2B123"),
            new DateTimeOffset(2023, 8, 8, 7, 0, 0, TimeSpan.Zero));
    }

    public static SubscriberOptions EmailReader(string email = "reader@example.test", string edition = "en") =>
        new() { Name = "reader", Channel = EmailChannel.ChannelName, Edition = edition, Email = email };

    public static SubscriberOptions WebhookReader(Uri url, string secret) =>
        new() { Name = "team-chat", Channel = WebhookChannel.ChannelName, WebhookUrl = url, WebhookSecret = secret };

    /// <summary>A loopback port nobody listens on (bound and released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
