using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LlmPulse.Infra.Tests;

/// <summary>azure.yaml and the template that azd provisions: the service, its project, and how they find each other.</summary>
public sealed partial class AzureYamlTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Yaml = new(() => SimpleYaml.Parse(Repository.Read("azure.yaml")));

    [Fact]
    public void The_functions_app_is_the_one_service_hosted_as_a_dotnet_function()
    {
        var services = Yaml.Value.Keys.Where(k => k.StartsWith("services.", StringComparison.Ordinal)).Select(k => k.Split('.')[1]).Distinct().ToArray();

        var service = Assert.Single(services);
        Assert.Equal("api", service);
        Assert.Equal("function", Yaml.Value["services.api.host"]);
        Assert.Equal("dotnet", Yaml.Value["services.api.language"]);
        Assert.Equal("src/LlmPulse.Functions", NormalizedPath(Yaml.Value["services.api.project"]));
    }

    [Fact]
    public void The_service_project_is_an_azure_functions_project()
    {
        var folder = Repository.PathOf(NormalizedPath(Yaml.Value["services.api.project"]).Split('/'));

        var project = Assert.Single(Directory.GetFiles(folder, "*.csproj"));
        var properties = XDocument.Load(project).Descendants("PropertyGroup").Elements().ToArray();
        Assert.Equal("v4", properties.Single(p => p.Name.LocalName == "AzureFunctionsVersion").Value);
        Assert.Equal("Exe", properties.Single(p => p.Name.LocalName == "OutputType").Value);
    }

    [Fact]
    public void The_template_tags_the_function_app_with_the_service_name_of_azure_yaml()
    {
        var main = Repository.Read("infra", "main.bicep");
        var api = Repository.Read("infra", "app", "api.bicep");

        Assert.Equal("api", ServiceName().Match(main).Groups["name"].Value);
        Assert.Contains("'azd-service-name': serviceName", api, StringComparison.Ordinal);
        Assert.Contains("'azd-env-name': environmentName", main, StringComparison.Ordinal);
    }

    [Fact]
    public void The_infrastructure_is_bicep_at_infra_main()
    {
        Assert.Equal("bicep", Yaml.Value.GetValueOrDefault("infra.provider", "bicep"));
        var path = NormalizedPath(Yaml.Value.GetValueOrDefault("infra.path", "infra"));
        var module = Yaml.Value.GetValueOrDefault("infra.module", "main");

        Assert.True(File.Exists(Repository.PathOf(path, module + ".bicep")));
        Assert.True(File.Exists(Repository.PathOf(path, module + ".parameters.json")));
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10_on_flex_consumption_deployed_from_blob_storage_with_its_identity()
    {
        var api = Repository.Read("infra", "app", "api.bicep");

        Assert.Matches(@"tier:\s*'FlexConsumption'", api);
        Assert.Matches(@"name:\s*'FC1'", api);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10\.0'\s*\}", api);
        Assert.Matches(@"type:\s*'blobContainer'", api);
        Assert.Matches(@"type:\s*'UserAssignedIdentity'", api);
        Assert.Matches(@"kind:\s*'functionapp,linux'", api);
    }

    [Fact]
    public void Storage_and_monitoring_accept_no_keys()
    {
        var storage = Repository.Read("infra", "app", "storage.bicep");
        var monitoring = Repository.Read("infra", "app", "monitoring.bicep");
        var vault = Repository.Read("infra", "app", "keyvault.bicep");

        Assert.Matches(@"allowSharedKeyAccess:\s*false", storage);
        Assert.Matches(@"allowBlobPublicAccess:\s*false", storage);
        Assert.Matches(@"minimumTlsVersion:\s*'TLS1_2'", storage);
        Assert.Matches(@"DisableLocalAuth:\s*true", monitoring);
        Assert.Matches(@"disableLocalAuth:\s*true", monitoring);
        Assert.Matches(@"enableRbacAuthorization:\s*true", vault);
    }

    [Fact]
    public void The_parameters_file_supplies_every_required_parameter_and_only_declared_ones()
    {
        var main = Repository.Read("infra", "main.bicep");
        var declared = Parameter().Matches(main).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success);
        var supplied = System.Text.Json.JsonDocument.Parse(Repository.Read("infra", "main.parameters.json"))
            .RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.All(supplied, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare."));
        Assert.All(declared.Where(d => !d.Value), d => Assert.Contains(d.Key, supplied));
        Assert.Contains("environmentName", supplied);
        Assert.Contains("location", supplied);
    }

    [Fact]
    public void No_secret_value_is_in_the_infrastructure_files()
    {
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("infra"), "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"(?i)AccountKey=|InstrumentationKey=|SharedAccessSignature|listKeys\(|@secure\(\)\s*param\s+\w+\s+string\s*=", text);
        }
    }

    private static string NormalizedPath(string path) => path.Replace('\\', '/').TrimStart('.').Trim('/');

    [GeneratedRegex(@"^var apiServiceName = '(?<name>[a-z0-9-]+)'", RegexOptions.Multiline)]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+(?<default>\s*=)?", RegexOptions.Multiline)]
    private static partial Regex Parameter();
}

/// <summary>
/// The subset of YAML that azure.yaml uses: nested mappings of scalars, as dotted paths
/// (<c>services.api.host</c>). Comments, blank lines and quotes are handled; lists are not needed.
/// </summary>
internal static class SimpleYaml
{
    public static IReadOnlyDictionary<string, string> Parse(string yaml)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"azure.yaml: `{line.Trim()}` is not a `key: value` line.");
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim().Trim('"', '\'');
            path.RemoveAll(p => p.Indent >= indent);
            var full = string.Join('.', path.Select(p => p.Key).Append(key));
            if (value.Length == 0)
            {
                path.Add((indent, key));
            }
            else
            {
                result[full] = value;
            }
        }

        return result;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 && (hash == 0 || char.IsWhiteSpace(line[hash - 1])) ? line[..hash] : line;
    }
}
