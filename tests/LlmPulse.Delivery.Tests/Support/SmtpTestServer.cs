using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace LlmPulse.Delivery.Tests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a port the system picks. It keeps every message
/// it accepts, parsed by MimeKit, and refuses recipients while <see cref="Accepting"/> is false (a mailbox filter:
/// the client sees a 5xx reply to RCPT TO). With a user and password it requires a login.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private SmtpHost? _server;
    private Task? _running;
    private int _rejected;
    private int _logins;

    private SmtpTestServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>Whether the mailbox filter lets recipients through; false answers RCPT TO with a 5xx.</summary>
    public bool Accepting { get; set; } = true;

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public int RejectedRecipients => Volatile.Read(ref _rejected);

    public int FailedLogins => Volatile.Read(ref _logins);

    public static async Task<SmtpTestServer> StartAsync(string? user = null, string? password = null)
    {
        var server = new SmtpTestServer();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0));
                if (user is not null)
                {
                    endpoint.AuthenticationRequired(true).AllowUnsecureAuthentication(true);
                }
            })
            .Build();

        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new SmtpServiceProvider();
        services.Add(listeners);
        services.Add(new Store(server));
        services.Add(new Filter(server));
        if (user is not null)
        {
            services.Add(new DelegatingUserAuthenticator((u, p) =>
            {
                var ok = u == user && p == password;
                if (!ok)
                {
                    Interlocked.Increment(ref server._logins);
                }

                return ok;
            }));
        }

        server._server = new SmtpHost(options, services);
        server._running = server._server.StartAsync(server._stop.Token);
        var first = await Task.WhenAny(started.Task, server._running, Task.Delay(TimeSpan.FromSeconds(15)));
        if (first != started.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The test SMTP server did not start listening.");
        }

        server.Port = await started.Task;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpTestServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (server.Accepting)
            {
                return Task.FromResult(true);
            }

            Interlocked.Increment(ref server._rejected);
            return Task.FromResult(false);
        }
    }
}
