using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text;
using LlmPulse.Briefings;

namespace LlmPulse.Cli;

/// <summary>Times the renderer on one briefing model in a warm process, and the full build+render once.</summary>
public sealed class RenderBenchmark(BriefingService service, IBriefingRenderer renderer)
{
    internal const int WarmUpRenders = 30;

    public async Task<RenderBenchmarkReport> RunAsync(BriefingMonth month, BriefingLanguage language, int iterations, CancellationToken cancellationToken)
    {
        var buildStarted = Stopwatch.GetTimestamp();
        var model = await service.BuildAsync(month, language, cancellationToken).ConfigureAwait(false);
        var buildMs = Stopwatch.GetElapsedTime(buildStarted).TotalMilliseconds;

        var coldStarted = Stopwatch.GetTimestamp();
        var pdf = renderer.Render(model);
        var coldMs = Stopwatch.GetElapsedTime(coldStarted).TotalMilliseconds;

        // Warm means steady state: tiered compilation promotes the hot methods after some dozens of calls, and
        // timing those calls would measure the JIT's first tier, not the renderer.
        for (var i = 0; i < WarmUpRenders; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pdf = renderer.Render(model);
        }

        var times = new double[iterations];
        var cpuTimes = new double[iterations];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cpuStarted = ThreadCpu.Now();
            var started = Stopwatch.GetTimestamp();
            pdf = renderer.Render(model);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            cpuTimes[i] = (ThreadCpu.Now() - cpuStarted).TotalMilliseconds;
        }

        var allocatedPerRender = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / iterations;
        Array.Sort(times);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new RenderBenchmarkReport(
            month,
            language.Code(),
            iterations,
            BenchmarkFigures.Median(times),
            BenchmarkFigures.Median(cpuTimes),
            times[^1],
            coldMs,
            buildMs,
            pdf.Length,
            process.PeakWorkingSet64,
            allocatedPerRender,
            BenchmarkFigures.Machine());
    }
}

public sealed record RenderBenchmarkReport(
    BriefingMonth Month,
    string Edition,
    int Iterations,
    double MedianMs,
    double MedianCpuMs,
    double MaxMs,
    double FirstRenderMs,
    double BuildMs,
    long PdfBytes,
    long PeakWorkingSetBytes,
    long AllocatedBytesPerRender,
    string Machine)
{
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Render benchmark, briefing {Month} ({Edition} edition), {Iterations} renders in one process");
        text.AppendLine(c, $"  machine:            {Machine}");
        text.AppendLine(c, $"  median render:      {MedianMs:F1} ms (CPU time of the rendering thread {MedianCpuMs:F1} ms: steadier than wall time on a busy machine)");
        text.AppendLine(c, $"  max render:         {MaxMs:F1} ms");
        text.AppendLine(c, $"  first render:       {FirstRenderMs:F1} ms (cold: fonts, native code, JIT; then {RenderBenchmark.WarmUpRenders} untimed renders to warm up)");
        text.AppendLine(c, $"  build model:        {BuildMs:F1} ms (Table Storage reads included)");
        text.AppendLine(c, $"  PDF size:           {PdfBytes / 1024.0:F1} KB ({PdfBytes:N0} bytes)");
        text.AppendLine(c, $"  allocated/render:   {AllocatedBytesPerRender / (1024.0 * 1024.0):F1} MB");
        text.Append(c, $"  peak working set:   {PeakWorkingSetBytes / (1024.0 * 1024.0):F0} MB");
        return text.ToString();
    }
}

/// <summary>CPU time the calling thread has used: on a machine shared with other work, steadier than wall time.</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>The thread's CPU time so far (Linux); elsewhere the process's, all threads together.</summary>
    public static TimeSpan Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTime, out var time) == 0)
        {
            return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
