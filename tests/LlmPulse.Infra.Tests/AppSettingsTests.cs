using System.Text.Json;
using System.Text.RegularExpressions;
using LlmPulse.Infra.Tests.Scanning;

namespace LlmPulse.Infra.Tests;

/// <summary>
/// The app settings in three places kept in step: what the code reads (scanned from the source of the deployed
/// projects), what infra/app-settings.json documents, and what infra/app/api.bicep sets. Adding a setting in code
/// without documenting it, documenting one the code no longer reads, or setting one in the Bicep that is not
/// documented (or not setting a documented one) fails here.
/// </summary>
public sealed class AppSettingsTests
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    private static readonly Lazy<ScanResult> Scan = new(() => ConfigurationKeyScanner.Scan(AppSources.Files()));

    /// <summary>
    /// App settings that do not exist on Flex Consumption (the site's functionAppConfig replaces them) or that
    /// would defeat identity-based storage, and so must never appear in the Bicep.
    /// </summary>
    public static TheoryData<string> RejectedOnFlexConsumption =>
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_NODE_DEFAULT_VERSION",
        "WEBSITE_TIME_ZONE",
        "TZ",
        "AzureWebJobsStorage",
        "AzureWebJobsDashboard",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    [Fact]
    public void The_scan_covers_the_functions_app_and_the_projects_it_references()
    {
        var projects = AppSources.Projects().Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToArray();

        Assert.Contains("LlmPulse.Functions", projects);
        Assert.Contains("LlmPulse.Core", projects);
        Assert.DoesNotContain("LlmPulse.Cli", projects);
        Assert.NotEmpty(Scan.Value.Reads);
    }

    [Fact]
    public void Every_configuration_read_in_the_app_has_a_key_the_scanner_can_name()
    {
        Assert.True(Scan.Value.Problems.Count == 0, string.Join(Environment.NewLine, Scan.Value.Problems));
    }

    [Fact]
    public void Every_setting_the_code_reads_is_documented()
    {
        var document = AppSettingsDocument.Load();

        var undocumented = Scan.Value.Reads.Where(r => document.Find(r.Key) is null).Select(r => r.ToString()).ToArray();

        Assert.True(
            undocumented.Length == 0,
            $"Settings read by the code but missing from {AppSettingsDocument.RelativePath} (add them there, and to `var appSettings` in {BicepAppSettings.RelativePath} unless a default is right in Azure):{Environment.NewLine}"
            + string.Join(Environment.NewLine, undocumented));
    }

    [Fact]
    public void Every_setting_the_code_reads_is_documented_as_read_by_the_app_or_host()
    {
        var document = AppSettingsDocument.Load();

        var wrong = Scan.Value.Reads
            .Where(r => document.Find(r.Key) is { } setting
                && !(r.Kind == ReadKind.Binding ? setting.ReadBy.Contains(DocumentedSetting.Host) : setting.ReadByApp))
            .Select(r => r.ToString())
            .ToArray();

        Assert.True(wrong.Length == 0, "readBy should say 'app' (or 'host' for a binding expression) for: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Every_setting_documented_as_read_by_the_app_is_read_by_the_code()
    {
        var read = Scan.Value.Reads.Select(r => r.Key).ToHashSet(Names);

        var unused = AppSettingsDocument.Load().Settings.Where(s => s.ReadByApp && !read.Contains(s.Name)).Select(s => s.Name).ToArray();

        Assert.True(unused.Length == 0, $"Documented as read by the app, but no code reads them (remove them, or fix readBy): {string.Join(", ", unused)}");
    }

    [Fact]
    public void The_bicep_sets_exactly_the_settings_documented_as_set_there()
    {
        var document = AppSettingsDocument.Load();
        var bicep = BicepAppSettings.Load();

        foreach (var (kind, names) in new[] { (DocumentedSetting.BicepValue, bicep.Values.Keys), (DocumentedSetting.BicepKeyVault, bicep.KeyVaultSecrets.Keys) })
        {
            var documented = document.Settings.Where(s => s.Bicep == kind).ToArray();
            var undocumented = names.Where(n => !documented.Any(s => s.Matches(n))).ToArray();
            var notSet = documented.Where(s => !names.Any(s.Matches)).Select(s => s.Name).ToArray();

            Assert.True(undocumented.Length == 0, $"Set in {BicepAppSettings.RelativePath} but not documented with \"bicep\": \"{kind}\": {string.Join(", ", undocumented)}");
            Assert.True(notSet.Length == 0, $"Documented with \"bicep\": \"{kind}\" but not set in {BicepAppSettings.RelativePath}: {string.Join(", ", notSet)}");
        }

        Assert.Empty(bicep.Values.Keys.Intersect(bicep.KeyVaultSecrets.Keys, Names));
    }

    [Fact]
    public void No_setting_in_the_bicep_is_unused()
    {
        var document = AppSettingsDocument.Load();
        var read = Scan.Value.Reads.Select(r => r.Key).ToHashSet(Names);

        // A Bicep setting is used when the code reads it, or when the document says the host or platform does.
        var unused = BicepAppSettings.Load().AllNames
            .Where(name => !read.Contains(name) && !read.Any(key => DocumentedSetting.Matches(key, name))
                && document.Find(name)?.ReadBy.Contains(DocumentedSetting.Host) != true)
            .ToArray();

        Assert.True(unused.Length == 0, $"Set in {BicepAppSettings.RelativePath} but read by neither the code nor the host: {string.Join(", ", unused)}");
    }

    [Fact]
    public void Every_setting_left_out_of_the_bicep_has_a_documented_default()
    {
        var missing = AppSettingsDocument.Load().Settings
            .Where(s => !s.SetInBicep && string.IsNullOrWhiteSpace(s.Default))
            .Select(s => s.Name)
            .ToArray();

        Assert.True(missing.Length == 0, $"Not set in the Bicep and no documented default: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Binding_expressions_are_set_in_the_bicep_because_the_host_has_no_default_for_them()
    {
        var bicep = BicepAppSettings.Load().AllNames.ToHashSet(Names);

        var bindings = Scan.Value.Reads.Where(r => r.Kind == ReadKind.Binding).ToArray();

        Assert.NotEmpty(bindings);
        Assert.All(bindings, b => Assert.True(bicep.Contains(b.Key), $"{b} is resolved by the host from app settings, so the Bicep must set it."));
    }

    [Fact]
    public void Key_vault_settings_name_their_secret_in_both_places()
    {
        var bicep = BicepAppSettings.Load();

        foreach (var setting in AppSettingsDocument.Load().Settings.Where(s => s.Bicep == DocumentedSetting.BicepKeyVault))
        {
            Assert.False(string.IsNullOrWhiteSpace(setting.SecretName), $"{setting.Name}: secretName is missing.");
            foreach (var (name, secret) in bicep.KeyVaultSecrets.Where(k => setting.Matches(k.Key)))
            {
                // A pattern entry (..__<n>__..) names its secrets with the same placeholder, e.g. webhook-secret-<n>.
                Assert.True(
                    DocumentedSetting.Matches(setting.SecretName!, secret),
                    $"{name} refers to secret {secret}, but {AppSettingsDocument.RelativePath} names {setting.SecretName}.");
            }
        }

        // Key Vault secret names: letters, digits and hyphens; a subscriber's <name> is one such name.
        Assert.All(bicep.KeyVaultSecrets.Values, secret => Assert.Matches("^[0-9A-Za-z-]{1,127}$", secret.Replace("<name>", "x", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_document_is_well_formed()
    {
        var settings = AppSettingsDocument.Load().Settings;

        Assert.NotEmpty(settings);
        Assert.Equal(settings.Count, settings.Select(s => s.Name).Distinct(Names).Count());
        Assert.All(settings, s =>
        {
            Assert.Matches(@"^[A-Za-z_](?:[A-Za-z0-9_]|<n>|<key>)*$", s.Name);
            Assert.Contains(s.Bicep, new[] { DocumentedSetting.BicepValue, DocumentedSetting.BicepKeyVault, DocumentedSetting.BicepNo });
            Assert.NotEmpty(s.ReadBy);
            Assert.All(s.ReadBy, r => Assert.Contains(r, new[] { DocumentedSetting.Host, DocumentedSetting.App }));
            Assert.False(string.IsNullOrWhiteSpace(s.Description), $"{s.Name} has no description.");
            Assert.True(s.Bicep == DocumentedSetting.BicepKeyVault || s.SecretName is null, $"{s.Name}: secretName is for keyVault settings only.");
        });
    }

    [Fact]
    public void Every_local_setting_is_documented_under_the_same_name()
    {
        var document = AppSettingsDocument.Load();
        var local = JsonDocument.Parse(Repository.Read("src", "LlmPulse.Functions", "local.settings.sample.json"))
            .RootElement.GetProperty("Values")
            .EnumerateObject()
            .Select(p => p.Name)
            .ToArray();

        Assert.NotEmpty(local);
        Assert.All(local, name => Assert.True(document.Find(name) is not null, $"local.settings.sample.json sets {name}, which {AppSettingsDocument.RelativePath} does not document."));
    }

    [Theory]
    [MemberData(nameof(RejectedOnFlexConsumption))]
    public void The_bicep_sets_no_setting_that_flex_consumption_rejects_or_that_needs_a_key(string name)
    {
        Assert.DoesNotContain(name, BicepAppSettings.Load().AllNames, Names);
    }

    [Fact]
    public void Storage_is_reached_by_identity_with_every_service_uri_the_host_and_the_app_use()
    {
        var values = BicepAppSettings.Load().Values;

        Assert.Equal("'managedidentity'", values["AzureWebJobsStorage__credential"]);
        Assert.Contains("clientId", values["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", values["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", values["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", values["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        Assert.Matches(@"^'ClientId=\$\{[\w.]+\.clientId\};Authorization=AAD'$", values["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void The_settings_objects_are_the_only_app_settings_of_the_template_and_are_applied()
    {
        var templates = Directory.EnumerateFiles(Repository.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .ToDictionary(Repository.Relative, File.ReadAllText);

        var withAppSettings = templates.Where(t => t.Value.Contains("'appsettings'", StringComparison.Ordinal) || Regex.IsMatch(t.Value, @"\bappSettings\s*:"))
            .Select(t => t.Key)
            .ToArray();

        Assert.Equal([BicepAppSettings.RelativePath], withAppSettings);
        Assert.Matches(@"properties:\s*union\(appSettings,\s*keyVaultReferences,\s*subscriberAppSettings\)", templates[BicepAppSettings.RelativePath]);
    }

    [Fact]
    public void The_reconciler_schedule_has_one_default_everywhere()
    {
        var document = AppSettingsDocument.Load().Find("RECONCILE_SCHEDULE")!;
        var main = Repository.Read("infra", "main.bicep");
        var parameters = Repository.Read("infra", "main.parameters.json");
        var local = JsonDocument.Parse(Repository.Read("src", "LlmPulse.Functions", "local.settings.sample.json")).RootElement.GetProperty("Values");
        var code = Scan.Value.Constants.Where(c => c.Key.EndsWith(".Default", StringComparison.Ordinal) && c.Key.Contains("Schedule", StringComparison.Ordinal))
            .Select(c => c.Value)
            .ToArray();

        var schedule = Assert.IsType<string>(document.Default);
        Assert.Equal("0 0 7 * * *", schedule);
        Assert.Contains($"param reconcileSchedule string = '{schedule}'", main, StringComparison.Ordinal);
        Assert.Contains($"${{RECONCILE_SCHEDULE={schedule}}}", parameters, StringComparison.Ordinal);
        Assert.Equal(schedule, local.GetProperty("RECONCILE_SCHEDULE").GetString());
        Assert.Equal([schedule], code);
    }
}
