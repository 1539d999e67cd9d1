using System.Runtime.InteropServices;

namespace LlmPulse.Cli;

/// <summary>What every benchmark prints alike: medians, and the machine the figures were measured on.</summary>
internal static class BenchmarkFigures
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>"Intel(R) Xeon(R) Processor, 2 cores, Debian GNU/Linux 12 (bookworm), .NET 10.0.12".</summary>
    public static string Machine()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
            // Not Linux: the processor name stays unknown.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"{cpu}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
