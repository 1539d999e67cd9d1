using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmPulse.Delivery.Tests;

/// <summary>Subscriber settings checked when the app starts: each problem one line, naming the subscriber.</summary>
public sealed class DeliveryOptionsValidationTests
{
    [Fact]
    public void Every_problem_of_every_subscriber_is_one_line_and_the_services_refuse_to_deliver()
    {
        var problems = Check(new()
        {
            ["Delivery:Subscribers:0:Name"] = "a b",
            ["Delivery:Subscribers:0:Channel"] = "email",
            ["Delivery:Subscribers:0:Email"] = "a@example.test",
            ["Delivery:Subscribers:1:Name"] = "editor",
            ["Delivery:Subscribers:1:Channel"] = "pigeon",
            ["Delivery:Subscribers:2:Name"] = "Editor",
            ["Delivery:Subscribers:2:Channel"] = "email",
            ["Delivery:Subscribers:2:Edition"] = "fr",
            ["Delivery:Subscribers:3:Name"] = "script",
            ["Delivery:Subscribers:3:Channel"] = "webhook",
            ["Delivery:Subscribers:4:Name"] = "chat",
            ["Delivery:Subscribers:4:Channel"] = "webhook",
            ["Delivery:Subscribers:4:WebhookUrl"] = "http://chat.example.test/hook",
            ["Delivery:Subscribers:4:WebhookSecret"] = "@Microsoft.KeyVault(SecretUri=https://vault.example/secrets/webhook-chat)",
            ["Delivery:Subscribers:4:WebhookPreviousSecret"] = "whsec_%%%",
            ["Delivery:MaxAttempts"] = "0",
            ["Delivery:Smtp:TlsMode"] = "Sometimes",
        });

        Assert.Equal(
            [
                "Delivery:MaxAttempts is 0; expected 1 or more.",
                "Delivery:Smtp:TlsMode is 'Sometimes'; expected one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable.",
                "Delivery:Subscribers:0:Name 'a b' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
                "Delivery:Subscribers:1 ('editor'): Channel 'pigeon' is unknown; expected email or webhook.",
                "Delivery:Subscribers:2:Name 'Editor' is already the name of subscriber 1; names must be unique (ignoring case).",
                "Delivery:Subscribers:2 ('Editor'): Edition 'fr' is unknown; expected one of en, ar.",
                "Delivery:Subscribers:2 ('Editor'): the email channel needs an Email address; got ''.",
                "Delivery:Subscribers:3 ('script') has no WebhookUrl.",
                "Delivery:Subscribers:3 ('script'): the webhook channel needs a WebhookSecret.",
                "Delivery:Subscribers:4 ('chat') has an http:// WebhookUrl; use https:// (plain http is allowed only in the Development environment, since the body links to the briefing).",
                "Delivery:Subscribers:4 ('chat'): WebhookSecret is a Key Vault reference the platform could not resolve; store the secret and check the app identity's access to the vault.",
                "Delivery:Subscribers:4 ('chat'): WebhookPreviousSecret starts with whsec_ but is not base64 after it.",
            ],
            problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void Names_that_would_share_a_ledger_key_cannot_both_be_configured()
    {
        // "a b" escaped to the row key "a~20b", the very key of a subscriber named "a~20b": neither name is allowed now.
        var problems = Check(new()
        {
            ["Delivery:Subscribers:0:Name"] = "a b",
            ["Delivery:Subscribers:0:Channel"] = "email",
            ["Delivery:Subscribers:0:Email"] = "a@example.test",
            ["Delivery:Subscribers:1:Name"] = "a~20b",
            ["Delivery:Subscribers:1:Channel"] = "email",
            ["Delivery:Subscribers:1:Email"] = "b@example.test",
        });

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Delivery:Subscribers:0:Name 'a b'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Delivery:Subscribers:1:Name 'a~20b'", StringComparison.Ordinal));
    }

    [Fact]
    public void Links_may_live_seven_days_at_most_where_a_user_delegation_key_signs_them()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:LinkExpiry"] = "7.00:00:01",
            ["Storage:BlobServiceUri"] = "https://account.blob.core.windows.net",
            ["Storage:TableServiceUri"] = "https://account.table.core.windows.net",
        };

        Assert.Equal(["Delivery:LinkExpiry is 7.00:00:01; expected at most 7.00:00:00, the longest a user delegation key signs links for."], Check(settings));
        settings["Delivery:LinkExpiry"] = "7.00:00:00";
        Assert.Empty(Check(settings));
    }

    [Fact]
    public void An_https_webhook_with_a_secret_passes_in_production_and_http_passes_in_development()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Subscribers:0:Name"] = "team-chat",
            ["Delivery:Subscribers:0:Channel"] = "webhook",
            ["Delivery:Subscribers:0:WebhookUrl"] = "https://chat.example.test/hook",
            ["Delivery:Subscribers:0:WebhookSecret"] = "s3cret",
        };
        Assert.Empty(Check(settings));

        settings["Delivery:Subscribers:0:WebhookUrl"] = "http://127.0.0.1:8080/hook";
        Assert.Single(Check(settings));
        settings["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        Assert.Empty(Check(settings));
    }

    [Fact]
    public void The_shipped_smtp_defaults_pass_MailKits_own_checks_which_the_start_skips_for_them()
    {
        // The start-up check takes these two defaults as valid without loading MailKit and MimeKit (MailSyntax).
        Assert.True(MimeKit.MailboxAddress.TryParse(SmtpOptions.DefaultFrom, out _));
        Assert.True(EmailChannel.TryParseTlsMode(SmtpOptions.DefaultTlsMode, out _));
        Assert.Empty(Check(new()));
        Assert.Empty(Check(new() { ["Delivery:Smtp:TlsMode"] = " starttls", ["Delivery:Smtp:From"] = "Briefings <b@example.test>" }));
        Assert.Equal(["Delivery:Smtp:From is not an email address."], Check(new() { ["Delivery:Smtp:From"] = "LlmPulse <briefings@" }));
    }

    private static List<string> Check(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddLlmPulse(configuration).BuildServiceProvider();
        var problems = ConfigurationProblems.Check(services).ToList();

        // The same check guards every use: the delivery service cannot be handed a wrong subscriber either.
        if (problems.Count > 0)
        {
            Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        }

        return problems;
    }
}
