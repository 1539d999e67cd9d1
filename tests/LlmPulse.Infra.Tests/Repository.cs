namespace LlmPulse.Infra.Tests;

/// <summary>Paths in the repository, found by walking up from the test's output folder to LlmPulse.sln.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>A path relative to the repository root with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LlmPulse.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LlmPulse.sln above {AppContext.BaseDirectory}.");
    }
}
