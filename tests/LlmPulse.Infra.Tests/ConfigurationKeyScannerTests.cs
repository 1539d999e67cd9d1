using LlmPulse.Infra.Tests.Scanning;

namespace LlmPulse.Infra.Tests;

/// <summary>The scanner on small pieces of code: each way of reading a setting, and what it refuses to guess.</summary>
public sealed class ConfigurationKeyScannerTests
{
    [Fact]
    public void A_literal_key_of_the_configuration_indexer_is_read()
    {
        var result = Scan("""
            class Check(IConfiguration configuration)
            {
                bool Run() => configuration["SMTP_HOST"] is null || builder.Configuration["Mail:From"] is null;
            }
            """);

        Assert.Equal(["Mail__From", "SMTP_HOST"], Keys(result));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void A_constant_key_is_resolved_through_its_class_and_concatenation()
    {
        var result = Scan(
            """
            public static class Names
            {
                public const string Prefix = "WEBHOOK";
                public const string Secret = Prefix + "_SECRET";
            }
            """,
            """
            class Hook(IConfiguration config)
            {
                string? Secret => config[Names.Secret];
            }
            """);

        Assert.Equal(["WEBHOOK_SECRET"], Keys(result));
    }

    [Fact]
    public void A_qualified_constant_declared_in_a_later_file_is_not_taken_from_another_type_of_the_same_name()
    {
        var result = Scan(
            """
            public sealed class CollectorOptions
            {
                public const string SectionName = "Collectors";
            }
            """,
            """
            public sealed class Catalog(IConfiguration configuration)
            {
                public const string ApiKeySetting = SourceOptions.SectionName + ":paid:ApiKey";
                string? Key => configuration[ApiKeySetting];
            }
            """,
            """
            public sealed class SourceOptions
            {
                public const string SectionName = "Sources";
            }
            """);

        Assert.Equal(["Sources__paid__ApiKey"], Keys(result));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void A_binding_expression_is_read_by_the_host_whether_literal_or_built_from_a_constant()
    {
        var result = Scan("""
            public static class Schedules
            {
                public const string SettingName = "REPORT_SCHEDULE";
                public const string Binding = "%" + SettingName + "%";
            }
            class Report
            {
                public void Run([TimerTrigger(Schedules.Binding)] TimerInfo timer) { }
                public void Other([QueueTrigger("%QUEUE_NAME%")] string message) { }
            }
            """);

        Assert.Equal(["QUEUE_NAME", "REPORT_SCHEDULE"], Keys(result, ReadKind.Binding));
    }

    [Fact]
    public void A_section_variable_reads_its_keys_and_its_value()
    {
        var result = Scan("""
            class Storage
            {
                const string HostKey = "AzureWebJobsStorage";
                void Apply(IConfiguration configuration)
                {
                    var host = configuration.GetSection(HostKey);
                    var value = host.Value;
                    var uri = host["blobServiceUri"];
                }
            }
            """);

        Assert.Equal(["AzureWebJobsStorage", "AzureWebJobsStorage__blobServiceUri"], Keys(result));
    }

    [Fact]
    public void An_options_class_bound_to_a_section_reads_each_settable_property()
    {
        var result = Scan(
            """
            public sealed class MailOptions
            {
                public const string SectionName = "Mail";
                public string Host { get; set; } = "localhost";
                public int Port { get; init; } = 25;
                public bool UsesTls => Port == 465;
                public static string Unused { get; set; } = "";
            }
            """,
            """
            static class Registration
            {
                static void Add(IServiceCollection services, IConfiguration configuration)
                {
                    services.AddOptions<MailOptions>()
                        .Bind(configuration.GetSection(MailOptions.SectionName));
                }
            }
            """);

        Assert.Equal(["Mail__Host", "Mail__Port"], Keys(result, ReadKind.Options));
    }

    [Fact]
    public void Nested_options_lists_and_dictionaries_read_their_leaf_keys()
    {
        var result = Scan("""
            public sealed class DeliveryOptions
            {
                public const string SectionName = "Delivery";
                public List<SubscriberOptions> Subscribers { get; set; } = [];
                public SmtpOptions Smtp { get; set; } = new();
                public Dictionary<string, string> Headers { get; set; } = [];
                public TimeSpan LinkExpiry { get; set; }
            }
            public sealed class SubscriberOptions
            {
                public string Name { get; set; } = "";
                public Uri? WebhookUrl { get; set; }
            }
            public sealed class SmtpOptions
            {
                public string? Password { get; set; }
            }
            static class Registration
            {
                static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.Configure<DeliveryOptions>(configuration.GetSection(DeliveryOptions.SectionName));
            }
            """);

        Assert.Equal(
            ["Delivery__Headers__<key>", "Delivery__LinkExpiry", "Delivery__Smtp__Password", "Delivery__Subscribers__<n>__Name", "Delivery__Subscribers__<n>__WebhookUrl"],
            Keys(result, ReadKind.Options));
    }

    [Fact]
    public void A_documented_pattern_matches_the_concrete_names_it_stands_for()
    {
        var setting = new DocumentedSetting { Name = "Delivery__Subscribers__<n>__Email", ReadBy = ["app"], Bicep = "value", Description = "x" };

        Assert.True(setting.Matches("Delivery__Subscribers__<n>__Email"));
        Assert.True(setting.Matches("delivery__subscribers__12__email"));
        Assert.False(setting.Matches("Delivery__Subscribers__x__Email"));
        Assert.False(setting.Matches("Delivery__Subscribers__0__Email__Extra"));
    }

    [Fact]
    public void Typed_reads_connection_strings_and_environment_variables_are_read()
    {
        var result = Scan("""
            class Reads(IConfiguration configuration)
            {
                int A => configuration.GetValue<int>("BATCH_SIZE", 100);
                string? B => configuration.GetConnectionString("Sources");
                string? C => Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME");
                string D => parse.GetValue(option);
            }
            """);

        Assert.Equal(["BATCH_SIZE", "ConnectionStrings__Sources", "WEBSITE_HOSTNAME"], Keys(result));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Comments_and_ordinary_strings_are_not_reads()
    {
        var result = Scan("""
            class Quiet(IConfiguration configuration)
            {
                // configuration["OLD_SETTING"] is gone.
                /* configuration["OTHER"] */
                string Url => "https://example.org/a//b"; // configuration["X"]
                string Text => "configuration[\"NOT_A_READ\"]";
            }
            """);

        Assert.Empty(result.Reads);
    }

    [Fact]
    public void A_key_that_is_not_a_literal_or_a_constant_is_a_problem_not_a_guess()
    {
        var result = Scan("""
            class Dynamic(IConfiguration configuration)
            {
                string? Read(string name) => configuration[name];
            }
            """);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("name", problem.Code);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void A_setting_added_to_the_app_without_documenting_it_is_caught()
    {
        var document = AppSettingsDocument.Load();
        var files = AppSources.Files().Append(new SourceFile(
            Repository.PathOf("src", "LlmPulse.Functions", "Smtp.cs"),
            """
            public sealed class SmtpSender(IConfiguration configuration)
            {
                public string? Password => configuration["Smtp:Password"];
            }
            """)).ToArray();

        string[] Undocumented(IReadOnlyList<SourceFile> scanned) =>
            ConfigurationKeyScanner.Scan(scanned).Reads.Where(r => document.Find(r.Key) is null).Select(r => r.Key).Distinct().ToArray();

        Assert.Equal(["Smtp__Password"], Undocumented(files).Except(Undocumented(AppSources.Files())));
    }

    private static ScanResult Scan(params string[] sources) =>
        ConfigurationKeyScanner.Scan(sources.Select((text, i) => new SourceFile(Repository.PathOf($"Sample{i}.cs"), text)).ToArray());

    private static string[] Keys(ScanResult result, ReadKind? kind = null) =>
        result.Reads.Where(r => kind is null || r.Kind == kind).Select(r => r.Key).Distinct().Order(StringComparer.Ordinal).ToArray();
}
