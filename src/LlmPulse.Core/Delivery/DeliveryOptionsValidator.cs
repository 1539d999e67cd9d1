using LlmPulse.Briefings;
using LlmPulse.Storage;
using System.Runtime.CompilerServices;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Options;

namespace LlmPulse.Delivery;

/// <summary>
/// Checks the <c>Delivery</c> settings when the app starts (<c>ValidateOnStart</c>), so a wrong subscriber stops the
/// start with a clear line instead of failing at send time a month later. One failure per problem.
/// </summary>
public sealed class DeliveryOptionsValidator(WebhookUrlPolicy urlPolicy, IOptions<StorageOptions> storage) : IValidateOptions<DeliveryOptions>
{
    /// <summary>A user delegation key, which signs the links in Azure, is valid for seven days at most.</summary>
    public static readonly TimeSpan MaxLinkExpiry = TimeSpan.FromDays(7);

    public const int MaxNameLength = 64;

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        const string Section = DeliveryOptions.SectionName;

        if (options.LinkExpiry <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:LinkExpiry is {options.LinkExpiry}; expected more than zero.");
        }
        else if (options.LinkExpiry > MaxLinkExpiry && storage.Value.UsesIdentity)
        {
            // With an account key (Azurite) a link may live longer; under a managed identity it cannot.
            problems.Add($"{Section}:LinkExpiry is {options.LinkExpiry}; expected at most 7.00:00:00, the longest a user delegation key signs links for.");
        }

        if (options.MaxAttempts < 1)
        {
            problems.Add($"{Section}:MaxAttempts is {options.MaxAttempts}; expected 1 or more.");
        }

        if (options.MaxAttachmentBytes < 0)
        {
            problems.Add($"{Section}:MaxAttachmentBytes is {options.MaxAttachmentBytes}; expected 0 or more.");
        }

        if (!MailSyntax.IsTlsMode(options.Smtp.TlsMode))
        {
            problems.Add($"{Section}:Smtp:TlsMode is '{options.Smtp.TlsMode}'; expected one of {MailSyntax.TlsModes()}.");
        }

        if (options.Smtp.Port is < 1 or > 65535)
        {
            problems.Add($"{Section}:Smtp:Port is {options.Smtp.Port}; expected 1 to 65535.");
        }

        if (!MailSyntax.IsFrom(options.Smtp.From))
        {
            problems.Add($"{Section}:Smtp:From is not an email address.");
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Subscribers.Count; i++)
        {
            var subscriber = options.Subscribers[i];
            var at = $"{Section}:Subscribers:{i}";
            var who = IsValidName(subscriber.Name) ? $"{at} ('{subscriber.Name}')" : at;
            if (!IsValidName(subscriber.Name))
            {
                problems.Add($"{at}:Name '{Cut(subscriber.Name)}' must be 1 to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            else if (seen.TryGetValue(subscriber.Name, out var first))
            {
                problems.Add($"{at}:Name '{subscriber.Name}' is already the name of subscriber {first}; names must be unique (ignoring case).");
            }
            else
            {
                seen.Add(subscriber.Name, i);
            }

            if (!Editions.IsAvailable(string.IsNullOrWhiteSpace(subscriber.Edition) ? Editions.English : subscriber.Edition))
            {
                problems.Add($"{who}: Edition '{Cut(subscriber.Edition)}' is unknown; expected one of {Editions.Describe()}.");
            }

            switch (subscriber.Channel?.Trim().ToLowerInvariant())
            {
                case EmailChannel.ChannelName:
                    if (string.IsNullOrWhiteSpace(subscriber.Email) || !MailSyntax.IsMailbox(subscriber.Email.Trim()))
                    {
                        problems.Add($"{who}: the email channel needs an Email address; got '{Cut(subscriber.Email)}'.");
                    }

                    break;
                case WebhookChannel.ChannelName:
                    if (urlPolicy.Problem(subscriber.WebhookUrl) is { } urlProblem)
                    {
                        problems.Add($"{who} {urlProblem}.");
                    }

                    if (string.IsNullOrEmpty(subscriber.WebhookSecret))
                    {
                        problems.Add($"{who}: the webhook channel needs a WebhookSecret.");
                    }

                    foreach (var (setting, secret) in new[] { ("WebhookSecret", subscriber.WebhookSecret), ("WebhookPreviousSecret", subscriber.WebhookPreviousSecret) })
                    {
                        if (secret is null or "")
                        {
                            continue;
                        }

                        if (secret.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
                        {
                            problems.Add($"{who}: {setting} is a Key Vault reference the platform could not resolve; store the secret and check the app identity's access to the vault.");
                        }
                        else if (!WebhookSignature.IsUsableSecret(secret))
                        {
                            problems.Add($"{who}: {setting} starts with {WebhookSignature.SecretPrefix} but is not base64 after it.");
                        }
                    }

                    break;
                default:
                    problems.Add($"{who}: Channel '{Cut(subscriber.Channel)}' is unknown; expected {EmailChannel.ChannelName} or {WebhookChannel.ChannelName}.");
                    break;
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>
    /// Names key the delivery ledger's rows and appear in ids and headers: a small alphabet that needs no escaping
    /// keeps every name its own key (no two names can escape to the same one).
    /// </summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength }
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    // Settings are echoed to say which one is wrong; a long one is cut so the line stays one line.
    private static string Cut(string? text) =>
        text is null ? "" : (text.Length <= 60 ? text : text[..60] + "…").ReplaceLineEndings(" ");
}

/// <summary>
/// The checks that need MailKit and MimeKit, apart: a process that sends no email (a cold <c>llmpulse briefing</c>)
/// checks the delivery settings too, and with the shipped SMTP defaults and no email subscriber it no longer loads
/// the two libraries (about 20 ms and 2 MB of a cold run) to learn that the defaults are valid.
/// </summary>
internal static class MailSyntax
{
    public static bool IsTlsMode(string text) =>
        string.Equals(text, SmtpOptions.DefaultTlsMode, StringComparison.Ordinal) || ParsesAsTlsMode(text);

    public static bool IsFrom(string text) =>
        string.Equals(text, SmtpOptions.DefaultFrom, StringComparison.Ordinal) || IsMailbox(text);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsMailbox(string text) => MailboxAddress.TryParse(text, out _);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string TlsModes() => string.Join(", ", Enum.GetNames<SecureSocketOptions>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ParsesAsTlsMode(string text) => EmailChannel.TryParseTlsMode(text, out _);
}
