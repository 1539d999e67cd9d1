using System.Xml.Linq;

namespace LlmPulse.Infra.Tests.Scanning;

/// <summary>
/// The C# source deployed by `azd up`: the Functions project and every project it references, transitively
/// (not the CLI or the tests, which never run in Azure).
/// </summary>
internal static class AppSources
{
    public const string FunctionsProject = "src/LlmPulse.Functions/LlmPulse.Functions.csproj";

    public static IReadOnlyList<string> Projects()
    {
        var found = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(Repository.PathOf(FunctionsProject.Split('/')))]);
        while (pending.TryPop(out var project))
        {
            if (found.Contains(project, StringComparer.Ordinal))
            {
                continue;
            }

            found.Add(project);
            var directory = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value.Replace('\\', '/');
                if (!string.IsNullOrEmpty(include))
                {
                    pending.Push(Path.GetFullPath(Path.Combine(directory, include)));
                }
            }
        }

        return found;
    }

    public static IReadOnlyList<SourceFile> Files() =>
        Projects()
            .SelectMany(project => Directory.EnumerateFiles(Path.GetDirectoryName(project)!, "*.cs", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)
            .Select(path => new SourceFile(path, File.ReadAllText(path)))
            .ToArray();

    private static bool IsBuildOutput(string path)
    {
        var segments = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return segments.Contains("bin", StringComparer.Ordinal) || segments.Contains("obj", StringComparer.Ordinal);
    }
}
