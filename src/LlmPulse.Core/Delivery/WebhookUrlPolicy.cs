using Microsoft.Extensions.Configuration;

namespace LlmPulse.Delivery;

/// <summary>
/// Which webhook URLs may carry a briefing. The body holds a link that reads the PDF for days, so it must not
/// travel in clear text: <c>https</c> always, <c>http</c> only in the Development environment (a receiver on the
/// developer's own machine).
/// </summary>
public sealed class WebhookUrlPolicy(bool allowPlainHttp)
{
    /// <summary>The environment the Functions host runs in; Core Tools sets Development, Azure nothing (Production).</summary>
    public const string FunctionsEnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";

    /// <summary>The environment of any other .NET app, the command line included.</summary>
    public const string DotnetEnvironmentSetting = "DOTNET_ENVIRONMENT";

    public bool AllowPlainHttp { get; } = allowPlainHttp;

    /// <summary>The policy of the environment the configuration names; Production when it names none.</summary>
    public static WebhookUrlPolicy From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var environment = configuration[FunctionsEnvironmentSetting] is { Length: > 0 } functions ? functions : configuration[DotnetEnvironmentSetting];
        return new WebhookUrlPolicy(string.Equals(environment?.Trim(), "Development", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Why <paramref name="url"/> may not be used, or null when it may.</summary>
    public string? Problem(Uri? url)
    {
        if (url is null)
        {
            return "has no WebhookUrl";
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return "has a WebhookUrl that is not an absolute https URL";
        }

        if (url.Scheme == Uri.UriSchemeHttp && !AllowPlainHttp)
        {
            return "has an http:// WebhookUrl; use https:// (plain http is allowed only in the Development environment, since the body links to the briefing)";
        }

        return null;
    }
}
