using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace LlmPulse;

/// <summary>
/// What a fresh process pays for, measured rather than guessed: with <c>LLMPULSE_TRACE_STARTUP=1</c> every step
/// of a cold run writes one stderr line (milliseconds since the process started, methods JIT-compiled so far and
/// their compile time, managed bytes allocated, working set), and the end writes the GC count, the resident memory
/// by mapped file and the assemblies loaded. <c>=jit</c> also lists every JIT-compiled method (what ReadyToRun
/// could not precompile), <c>=alloc</c> the types allocated most (sampled every 100 KB). Off, it costs one
/// environment read.
/// </summary>
/// <remarks>This is how the icu.net start-up (70 MB allocated, 100 ms) was found; see the README's benchmarks.</remarks>
public static class StartupTrace
{
    private static readonly string? Mode = Environment.GetEnvironmentVariable("LLMPULSE_TRACE_STARTUP") is { } mode && mode is "1" or "jit" or "alloc" ? mode : null;

    // Before the listener: the runtime's events arrive on another thread as soon as it exists.
    private static readonly ConcurrentQueue<(string Type, long Bytes)> Allocations = new();

    private static readonly RuntimeEvents? Listener = Mode is "jit" or "alloc" ? new RuntimeEvents() : null;

    private static readonly DateTime ProcessStart = Mode is null ? default : ReadProcessStart();

    public static void Mark(string step)
    {
        if (Mode is null)
        {
            return;
        }

        var sinceStart = DateTime.Now - ProcessStart;
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[startup] {sinceStart.TotalMilliseconds,7:F1} ms  jit {System.Runtime.JitInfo.GetCompiledMethodCount(),5} ({System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,6:F1} ms)  alloc {GC.GetTotalAllocatedBytes() / 1024,7} KB  ws {Environment.WorkingSet / 1024 / 1024,4} MB  {step}"));
    }

    /// <summary>
    /// When the process started, read before the first step is timed: the first read of the local clock loads the
    /// time zone and the start time loads System.Diagnostics.Process, which the trace pays for, not the step.
    /// </summary>
    private static DateTime ReadProcessStart()
    {
        _ = DateTime.Now;
        return Process.GetCurrentProcess().StartTime;
    }

    /// <summary>At exit: collections, resident memory by mapping, allocations by type and the assemblies loaded.</summary>
    public static void Summary()
    {
        if (Mode is null)
        {
            return;
        }

        Mark("exit");
        Listener?.Dispose();
        var c = CultureInfo.InvariantCulture;
        Console.Error.WriteLine(string.Create(c, $"[startup] GCs gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}"));
        foreach (var group in Allocations.GroupBy(a => a.Type).OrderByDescending(g => g.Sum(a => a.Bytes)).Take(15))
        {
            Console.Error.WriteLine(string.Create(c, $"[alloc] {group.Sum(a => a.Bytes) / 1024,8} KB {group.Key}"));
        }

        WriteResidentMemory();
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
        {
            Console.Error.WriteLine("[startup] assembly " + assembly);
        }
    }

    /// <summary>Resident memory by mapped file (Linux): which libraries and images the peak is made of.</summary>
    private static void WriteResidentMemory()
    {
        if (!File.Exists("/proc/self/smaps"))
        {
            return;
        }

        var resident = new Dictionary<string, long>(StringComparer.Ordinal);
        var mapping = "";
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal))
            {
                mapping = fields.Length >= 6 ? fields[5] : "[anonymous]";
            }
            else if (fields is ["Rss:", var kb, ..])
            {
                resident[mapping] = resident.GetValueOrDefault(mapping) + long.Parse(kb, CultureInfo.InvariantCulture);
            }
        }

        var status = File.ReadAllLines("/proc/self/status");
        Console.Error.WriteLine($"[rss] now {resident.Values.Sum() / 1024} MB; {status.FirstOrDefault(l => l.StartsWith("VmHWM", StringComparison.Ordinal))}; {status.FirstOrDefault(l => l.StartsWith("Threads", StringComparison.Ordinal))}");
        foreach (var (path, kb) in resident.OrderByDescending(p => p.Value).Take(25))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[rss] {kb,8} KB {path}"));
        }
    }

    /// <summary>The runtime's own events, in process: JIT (keyword 0x10) or allocation ticks (GC keyword 0x1).</summary>
    private sealed class RuntimeEvents : EventListener
    {
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)(Mode == "alloc" ? 0x1 : 0x10));
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData is not { EventName: { } name, Payload: { } payload, PayloadNames: { } names })
            {
                return;
            }

            if (name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
            {
                Allocations.Enqueue((payload[names.IndexOf("TypeName")] as string ?? "?", Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture)));
            }
            else if (name.StartsWith("MethodLoadVerbose", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"[jit] {payload[names.IndexOf("MethodNamespace")]}::{payload[names.IndexOf("MethodName")]}");
            }
        }
    }
}
