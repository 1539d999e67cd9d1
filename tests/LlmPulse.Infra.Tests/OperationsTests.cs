using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmPulse.Infra.Tests;

/// <summary>
/// What operations rely on: host.json's timeout, log levels and sampling; telemetry sent with the app's identity;
/// Key Vault references resolved with the user-assigned identity; subscribers and SMTP settings fed from azd.
/// </summary>
public sealed partial class OperationsTests
{
    private static readonly Lazy<JsonElement> Host = new(() => JsonDocument.Parse(Repository.Read("host.json")).RootElement.Clone());

    [Fact]
    public void The_function_timeout_is_bounded_and_fits_the_longest_job()
    {
        var timeout = TimeSpan.Parse(Host.Value.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        // The monthly run (renders, then SMTP and webhook deliveries at up to 30 s each) and a collector run (up to
        // 3 minutes a source with retries) need minutes; an unbounded run on Flex Consumption bills without end.
        Assert.InRange(timeout, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1));
    }

    [Fact]
    public void Sampling_keeps_every_request_and_exception()
    {
        var sampling = Host.Value.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings");

        Assert.True(sampling.GetProperty("isEnabled").GetBoolean());
        var excluded = sampling.GetProperty("excludedTypes").GetString()!.Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("Request", excluded);
        Assert.Contains("Exception", excluded);
    }

    [Fact]
    public void The_host_logs_executions_at_information_and_its_own_noise_at_warning()
    {
        var levels = Host.Value.GetProperty("logging").GetProperty("logLevel");

        Assert.Equal("Warning", levels.GetProperty("default").GetString());
        Assert.Equal("Information", levels.GetProperty("Function").GetString());
        // Host.Results makes the request telemetry of each execution; without it nothing counts executions.
        Assert.Equal("Information", levels.GetProperty("Host.Results").GetString());
        Assert.Equal("api", Host.Value.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void The_worker_sends_its_own_logs_to_application_insights_with_the_identity_of_the_app()
    {
        var program = Repository.Read("src", "LlmPulse.Functions", "Program.cs");
        var registration = Repository.Read("src", "LlmPulse.Functions", "FunctionsServiceCollectionExtensions.cs");
        var values = BicepAppSettings.Load().Values;

        Assert.Contains(".AddLlmPulseTelemetry()", program, StringComparison.Ordinal);
        Assert.Contains("AddApplicationInsightsTelemetryWorkerService()", registration, StringComparison.Ordinal);
        Assert.Contains("ConfigureFunctionsApplicationInsights()", registration, StringComparison.Ordinal);
        Assert.Contains("IncludeScopes = true", registration, StringComparison.Ordinal);
        Assert.Contains("ConnectionString", values["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Matches(@"ClientId=\$\{identity\.properties\.clientId\};Authorization=AAD", values["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Key_vault_references_are_resolved_with_the_user_assigned_identity_that_may_read_secrets()
    {
        var api = Repository.Read("infra", "app", "api.bicep");
        var rbac = Repository.Read("infra", "app", "rbac.bicep");

        Assert.Matches(@"keyVaultReferenceIdentity:\s*identity\.id", api);
        Assert.Matches(@"userAssignedIdentities:\s*\{\s*'\$\{identity\.id\}':\s*\{\}", api);
        Assert.Matches(@"resource appSecretsUser [^{]+\{\s*name: guid\(vault\.id, identityPrincipalId, roles\.keyVaultSecretsUser\)", rbac);
        Assert.Contains("'@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_secrets_are_key_vault_references_named_after_the_subscriber_and_nothing_else_of_a_subscriber_is()
    {
        var bicep = BicepAppSettings.Load();

        var subscriberSecrets = bicep.KeyVaultSecrets.Where(s => s.Key.StartsWith("Delivery__Subscribers__", StringComparison.Ordinal)).ToArray();

        var secret = Assert.Single(subscriberSecrets);
        Assert.Equal("Delivery__Subscribers__<n>__WebhookSecret", secret.Key);
        Assert.Equal("webhook-<name>", secret.Value);
        Assert.Equal("smtp-password", bicep.KeyVaultSecrets["Delivery__Smtp__Password"]);
    }

    [Fact]
    public void Subscribers_and_smtp_come_from_azd_variables_with_safe_defaults()
    {
        var parameters = JsonDocument.Parse(Repository.Read("infra", "main.parameters.json")).RootElement.GetProperty("parameters");
        var main = Repository.Read("infra", "main.bicep");

        string Value(string name) => parameters.GetProperty(name).GetProperty("value").GetString()!;

        Assert.Equal("${LLMPULSE_SUBSCRIBERS=[]}", Value("subscribers"));
        Assert.Equal("${SMTP_HOST}", Value("smtpHost"));
        Assert.Equal("${SMTP_PORT=587}", Value("smtpPort"));
        Assert.Equal("${SMTP_TLS_MODE=StartTls}", Value("smtpTlsMode"));
        Assert.Equal("${SMTP_USER}", Value("smtpUser"));
        Assert.StartsWith("${SMTP_FROM=", Value("smtpFrom"), StringComparison.Ordinal);

        // No subscribers and no SMTP server by default: a first `azd up` sends nothing to anyone.
        Assert.Matches(@"param subscribers subscriber\[\] = \[\]", main);
        Assert.Matches(@"param smtpHost string = ''", main);
    }

    [Fact]
    public void The_subscriber_type_makes_each_channel_carry_its_address()
    {
        var types = Repository.Read("infra", "app", "types.bicep");

        Assert.Matches(@"@discriminator\('channel'\)\s*type subscriber = emailSubscriber \| webhookSubscriber", types);
        Assert.Matches(@"type emailSubscriber = \{[^}]*channel: 'email'[^}]*\bemail: string\s", types);
        Assert.Matches(@"type webhookSubscriber = \{[^}]*channel: 'webhook'[^}]*\bwebhookUrl: string\s", types);
    }

    [Fact]
    public void The_subscriber_function_is_read_with_placeholders_for_index_and_name()
    {
        const string Bicep = """
            var appSettings = {
              A: 'a'
            }

            var keyVaultSecretSettings = {}

            func subscriberSettings(index int, reader subscriber, vaultName string) object =>
              reader.channel == 'email'
                ? {
                    'Delivery__Subscribers__${index}__Name': reader.name
                    'Delivery__Subscribers__${index}__Email': reader.email
                  }
                : {
                    'Delivery__Subscribers__${index}__Name': reader.name
                    'Delivery__Subscribers__${index}__WebhookSecret': keyVaultReference(vaultName, 'webhook-${reader.name}')
                  }

            var after = 1
            """;

        var parsed = BicepAppSettings.Parse(Bicep);

        Assert.Equal(["A", "Delivery__Subscribers__<n>__Email", "Delivery__Subscribers__<n>__Name"], parsed.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("reader.name", parsed.Values["Delivery__Subscribers__<n>__Name"]);
        Assert.Equal("webhook-<name>", parsed.KeyVaultSecrets["Delivery__Subscribers__<n>__WebhookSecret"]);
    }

    [Theory]
    [InlineData("'Delivery__Subscribers__0__Name': reader.name")]
    [InlineData("Delivery__Subscribers__${index}__Name: reader.name")]
    [InlineData("'Delivery__Subscribers__${index}__Extra': {")]
    public void A_subscriber_setting_the_reader_cannot_name_is_an_error(string line)
    {
        var bicep = $$"""
            var appSettings = {}
            var keyVaultSecretSettings = {}
            func subscriberSettings(index int, reader subscriber, vaultName string) object => {
              {{line}}
            }
            """;

        Assert.Throws<FormatException>(() => BicepAppSettings.Parse(bicep));
    }

    [Fact]
    public void The_deployment_guide_names_every_azd_variable_of_the_parameters_file()
    {
        var guide = Repository.Read("docs", "DEPLOY.md");
        var variables = AzdVariable().Matches(Repository.Read("infra", "main.parameters.json"))
            .Select(m => m.Groups["name"].Value)
            .Where(name => !name.StartsWith("AZURE_", StringComparison.Ordinal))
            .Distinct()
            .ToArray();

        Assert.NotEmpty(variables);
        Assert.All(variables, name => Assert.Contains($"`{name}`", guide, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z_][A-Z0-9_]*)(?:=[^}]*)?\}")]
    private static partial Regex AzdVariable();
}
