using System.Diagnostics;
using System.Globalization;
using System.Text;
using LlmPulse.Briefings;
using LlmPulse.Storage;

namespace LlmPulse.Cli;

/// <summary>One fresh <c>llmpulse briefing</c> process: wall time, CPU time (user + system) and peak resident memory.</summary>
public sealed record ColdRun(double WallMs, double? CpuMs, long? PeakBytes);

/// <summary>
/// What the cold-start benchmark measured: <see cref="Runs"/> fresh processes, one after another, of an llmpulse
/// compiled as <see cref="Build"/> says: "native" (PublishAot) or "ReadyToRun" (JIT for the rest).
/// </summary>
public sealed record ColdStartReport(string Command, string Build, IReadOnlyList<ColdRun> Runs, string Machine)
{
    public double MedianWallMs => BenchmarkFigures.Median(Runs.Select(r => r.WallMs));

    public double? MedianCpuMs => Runs.All(r => r.CpuMs is not null) ? BenchmarkFigures.Median(Runs.Select(r => r.CpuMs!.Value)) : null;

    public double? MedianPeakBytes => Runs.All(r => r.PeakBytes is not null) ? BenchmarkFigures.Median(Runs.Select(r => (double)r.PeakBytes!.Value)) : null;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Cold-start benchmark: `{Command}`, {Build} llmpulse, {Runs.Count} fresh processes one after another");
        text.AppendLine(c, $"  machine:            {Machine}");
        text.AppendLine(c, $"  median wall time:   {MedianWallMs:F0} ms (runs: {string.Join(", ", Runs.Select(r => r.WallMs.ToString("F0", c)))})");
        text.AppendLine(c, $"  median CPU time:    {(MedianCpuMs is { } cpu ? cpu.ToString("F0", c) + " ms (user + system, all threads)" : "not measured (needs GNU time as /usr/bin/time: apt-get install time)")}");
        text.Append(c, $"  median peak memory: {(MedianPeakBytes is { } peak ? (peak / (1024.0 * 1024.0)).ToString("F0", c) + " MB (peak resident set)" : "not measured (needs GNU time as /usr/bin/time: apt-get install time)")}");
        return text.ToString();
    }
}

/// <summary>
/// Starts <c>llmpulse briefing &lt;month&gt; --force</c> as a new process N times, as a user (or a scaled-out
/// worker) pays for it: runtime start, JIT, fonts and native libraries, storage reads, render and upload. The
/// processes store their briefings in a container of their own, deleted afterwards, so a benchmark never adds
/// versions to the real briefings. Peak memory and CPU time come from GNU time (<c>/usr/bin/time</c>) when it is
/// installed.
/// </summary>
public sealed class ColdStartBenchmark(StorageClients clients)
{
    private const string GnuTime = "/usr/bin/time";

    /// <summary>Times this llmpulse, or the one at <paramref name="executable"/> (a natively compiled one, say).</summary>
    public async Task<ColdStartReport> RunAsync(BriefingMonth month, string edition, int runs, string? executable, TextWriter progress, CancellationToken cancellationToken)
    {
        var container = "benchcold" + Guid.NewGuid().ToString("N")[..12];
        var arguments = new List<string> { "briefing", month.ToString(), "--force", "--lang", edition };
        var (program, prefix) = executable is null ? SelfCommand() : (Path.GetFullPath(executable), []);
        var results = new List<ColdRun>();
        try
        {
            for (var i = 0; i < runs; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var run = await RunOnceAsync(program, [.. prefix, .. arguments], container, cancellationToken).ConfigureAwait(false);
                results.Add(run);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  cold run {i + 1}/{runs}: {run.WallMs:F0} ms")).ConfigureAwait(false);
            }
        }
        finally
        {
            await clients.Blobs.GetBlobContainerClient(container).DeleteIfExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }

        return new ColdStartReport("llmpulse " + string.Join(' ', arguments), BuildOf(executable), results, BenchmarkFigures.Machine());
    }

    /// <summary>This process can make code at run time unless it was compiled natively; another executable is named by the caller.</summary>
    private static string BuildOf(string? executable) =>
        executable is not null ? "native" : System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "ReadyToRun" : "native";

    /// <summary>How this tool was started: its own executable (the app host), or <c>dotnet llmpulse.dll</c>.</summary>
    private static (string Program, string[] Prefix) SelfCommand()
    {
        var host = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "llmpulse.exe" : "llmpulse");
        if (File.Exists(host))
        {
            return (host, []);
        }

        return (Environment.ProcessPath ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "llmpulse.dll")]);
    }

    private static async Task<ColdRun> RunOnceAsync(string program, IReadOnlyList<string> arguments, string container, CancellationToken cancellationToken)
    {
        var timed = File.Exists(GnuTime);
        var report = timed ? Path.GetTempFileName() : null;
        var start = new ProcessStartInfo(timed ? GnuTime : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (timed)
        {
            foreach (var argument in new[] { "-f", "%e %U %S %M", "-o", report!, program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Storage__BriefingsContainer"] = container;
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The cold run exited with {process.ExitCode}: {errors.Trim()}");
            }

            if (report is null)
            {
                return new ColdRun(wall, null, null);
            }

            // "%e %U %S %M": elapsed, user and system seconds, maximum resident set in KB.
            var fields = (await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false)).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var figures = fields.Length >= 4 ? fields[^4..] : [];
            return figures.Length == 4
                && double.TryParse(figures[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var user)
                && double.TryParse(figures[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var system)
                && long.TryParse(figures[3], NumberStyles.None, CultureInfo.InvariantCulture, out var peakKb)
                ? new ColdRun(wall, (user + system) * 1000, peakKb * 1024)
                : new ColdRun(wall, null, null);
        }
        finally
        {
            if (report is not null)
            {
                File.Delete(report);
            }
        }
    }
}
