using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LlmPulse.Testing;

/// <summary>
/// A real Azurite started for the tests on free ports of its own, in memory, with an account key made for this
/// run (so no key is written in the code), and stopped by its PID when disposed.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    private const string Account = "llmpulsetest";
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    // The one public constructor: xunit builds fixtures through it.
    public AzuriteServer()
        : this(location: null)
    {
    }

    private AzuriteServer(string? location)
    {
        Location = location;

        // A port found free can be taken before Azurite binds it: ports come from the ephemeral range, which every
        // outgoing connection of the parallel test runs draws from too. A first start that dies is retried on
        // fresh ports; nothing has seen the ports yet, so nothing is left pointing at the old ones.
        for (var attempt = 1; ; attempt++)
        {
            BlobPort = FreePort();
            QueuePort = FreePort();
            TablePort = FreePort();
            try
            {
                Start();
                return;
            }
            catch (AzuriteExitedException) when (attempt < 5)
            {
                Stop();
            }
        }
    }

    /// <summary>
    /// An Azurite that keeps its data in <paramref name="location"/> instead of in memory, so that a stop and a start
    /// (storage going away and coming back) keep what it had saved.
    /// </summary>
    public static AzuriteServer Persistent(string location) => new(location);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder Azurite keeps its data in, or null when it keeps it in memory.</summary>
    public string? Location { get; }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={_key};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts Azurite (again): data kept in memory is gone after a stop.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var script = Path.Combine(RepositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run 'npm ci' in the repository root (./test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                script, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(Location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(Location);
        }

        start.Environment["AZURITE_ACCOUNTS"] = $"{Account}:{_key}";
        _output.Clear();
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Generous: on a shared 2-core machine with builds running, node can take well over a minute to listen.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!(Listening(BlobPort) && Listening(TablePort)))
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new AzuriteExitedException($"Azurite exited with {_process.ExitCode} before listening on ports {BlobPort}/{QueuePort}/{TablePort}: {string.Join(" | ", _output)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not listen on ports {BlobPort}/{TablePort} within 180 s: {string.Join(" | ", _output)}");
            }

            Thread.Sleep(100);
        }
    }

    private void Keep(string? line)
    {
        // The last lines are what explains an exit; a long run's chatter is not kept.
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 20 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Stops Azurite, as storage going away would.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();

    /// <summary>A port nothing listens on, for "storage unreachable" tests.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmPulse.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (LlmPulse.sln) above " + AppContext.BaseDirectory);
    }
}

/// <summary>Azurite's process ended before it listened (a port taken in between, most often).</summary>
public sealed class AzuriteExitedException(string message) : InvalidOperationException(message);
