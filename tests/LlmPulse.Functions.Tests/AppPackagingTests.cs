using System.Reflection;
using System.Text.Json;
using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Functions.Tests;

/// <summary>What the Functions host reads from the build: the function metadata, host.json and the app settings.</summary>
public sealed class AppPackagingTests
{
    private static readonly string ProjectFolder = Path.Combine(AzuriteServer.RepositoryRoot, "src", "LlmPulse.Functions");

    /// <summary>The Functions app's build output for the configuration and framework these tests were built with.</summary>
    private static readonly string OutputFolder = Path.Combine(
        ProjectFolder,
        "bin",
        typeof(AppPackagingTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));

    /// <summary>Queue-triggered functions and the queue each listens on.</summary>
    public static TheoryData<string, string> QueueFunctions => new()
    {
        { "DeliverBriefing", Storage.DeliveryQueue.DefaultName },
        { "CollectSource", Storage.CollectQueue.DefaultName },
    };

    public static TheoryData<string, string, string?, string?, string[], string?> ExpectedFunctions => new()
    {
        // name, trigger, schedule, route, methods, auth level
        { "MonthlyBriefing", "timerTrigger", "%RECONCILE_SCHEDULE%", null, [], null },
        { "CreateBriefing", "httpTrigger", null, "briefings/{month}", ["post"], "Function" },
        { "GetBriefing", "httpTrigger", null, "briefings/{month}", ["get"], "Function" },
        { "ListBriefings", "httpTrigger", null, "briefings", ["get"], "Function" },
        { "SendBriefing", "httpTrigger", null, "briefings/{month}/send", ["post"], "Function" },
        { "GetBriefingStatus", "httpTrigger", null, "briefings/{month}/status", ["get"], "Function" },
        { "ListDeliveries", "httpTrigger", null, "deliveries", ["get"], "Function" },
        { "CollectTraffic", "timerTrigger", "%COLLECT_TRAFFIC_SCHEDULE%", null, [], null },
        { "CollectIndexes", "timerTrigger", "%COLLECT_INDEXES_SCHEDULE%", null, [], null },
        { "CollectInvestment", "timerTrigger", "%COLLECT_INVESTMENT_SCHEDULE%", null, [], null },
        { "CollectNow", "httpTrigger", null, "collect/{source?}", ["post"], "Function" },
        { "ListRuns", "httpTrigger", null, "runs", ["get"], "Function" },
        { "GetRun", "httpTrigger", null, "runs/{id}", ["get"], "Function" },

        { "ListSeries", "httpTrigger", null, "series", ["get"], "Function" },
        { "GetObservations", "httpTrigger", null, "series/{id}/observations", ["get"], "Function" },

        // Probes carry no key; the answer tells nothing secret. The details need a key.
        { "Health", "httpTrigger", null, "health", ["get"], "Anonymous" },
        { "HealthDetails", "httpTrigger", null, "health/details", ["get"], "Function" },
    };

    [Fact]
    public void The_built_metadata_lists_exactly_the_functions_of_the_app()
    {
        var names = ReadMetadata().Select(f => f.GetProperty("name").GetString()!).Order().ToArray();

        Assert.Equal(ExpectedFunctions.Select(row => (string)row[0]).Concat(QueueFunctions.Select(row => (string)row[0])).Order(), names);
    }

    [Theory]
    [MemberData(nameof(QueueFunctions))]
    public void Each_queue_function_listens_on_the_queue_the_app_writes_to(string name, string queue)
    {
        var function = Assert.Single(ReadMetadata(), f => f.GetProperty("name").GetString() == name);
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
        Assert.Equal(queue, binding.GetProperty("queueName").GetString());
        Assert.Contains(queue, new[] { new Storage.StorageOptions().DeliveryQueue, new Storage.StorageOptions().CollectQueue });

        // The app's own clients write base64, the encoding the host's trigger reads by default and host.json names.
        var queues = JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "host.json"))).RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(Storage.MessageQueue<Storage.DeliveryMessage>.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
    }

    [Theory]
    [MemberData(nameof(ExpectedFunctions))]
    public void Each_function_is_declared_to_the_host_with_its_trigger_schedule_route_and_methods(
        string name, string trigger, string? schedule, string? route, string[] methods, string? authLevel)
    {
        var function = Assert.Single(ReadMetadata(), f => f.GetProperty("name").GetString() == name);
        Assert.Equal("LlmPulse.Functions.dll", function.GetProperty("scriptFile").GetString());
        var binding = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal(trigger, binding.GetProperty("type").GetString());
        Assert.Equal(schedule, OptionalString(binding, "schedule"));
        Assert.Equal(route, OptionalString(binding, "route"));
        Assert.Equal(methods, binding.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToArray() : []);
        // The host, not the code, enforces function keys: every route but the health probe needs one.
        Assert.Equal(authLevel, OptionalString(binding, "authLevel"));
    }

    [Fact]
    public void The_app_ships_the_host_json_of_the_repository_root()
    {
        var shipped = File.ReadAllText(Path.Combine(OutputFolder, "host.json"));

        Assert.Equal(File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "host.json")), shipped);
        var host = JsonDocument.Parse(shipped).RootElement;
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void The_sample_local_settings_run_the_isolated_worker_on_azurite_with_the_default_schedule()
    {
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectFolder, "local.settings.sample.json")))
            .RootElement.GetProperty("Values");

        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal(BriefingSchedule.Default, values.GetProperty(BriefingSchedule.SettingName).GetString());
        Assert.Equal("0 0 7 * * *", BriefingSchedule.Default);
    }

    [Fact]
    public async Task Starting_without_the_schedule_setting_logs_what_to_set()
    {
        var logs = await StartAsync(new Dictionary<string, string?>());

        var error = Assert.Single(logs.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("RECONCILE_SCHEDULE", error.Message, StringComparison.Ordinal);
        Assert.Contains("'0 0 7 * * *'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_with_the_schedule_setting_logs_no_error()
    {
        var logs = await StartAsync(new Dictionary<string, string?> { ["RECONCILE_SCHEDULE"] = "0 30 6 1 * *" });

        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    private static async Task<LogCapture> StartAsync(Dictionary<string, string?> settings)
    {
        var logs = new LogCapture();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddProvider(logs))
            .AddLlmPulseFunctions(configuration);
        await using var provider = services.BuildServiceProvider();
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        return logs;
    }

    private static JsonElement[] ReadMetadata()
    {
        var path = Path.Combine(OutputFolder, "functions.metadata");
        Assert.True(File.Exists(path), $"The Functions build should write {path}.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();
    }

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;
}
