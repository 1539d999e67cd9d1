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
    private Process? _process;

    // The one public constructor: xunit builds fixtures through it.
    public AzuriteServer()
        : this(location: null)
    {
    }

    private AzuriteServer(string? location)
    {
        Location = location;
        BlobPort = FreePort();
        QueuePort = FreePort();
        TablePort = FreePort();
        Start();
    }

    /// <summary>
    /// An Azurite that keeps its data in <paramref name="location"/> instead of in memory, so that a stop and a start
    /// (storage going away and coming back) keep what it had saved.
    /// </summary>
    public static AzuriteServer Persistent(string location) => new(location);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder Azurite keeps its data in, or null when it keeps it in memory.</summary>
    public string? Location { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

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
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Generous: on a shared 2-core machine with builds running, node can take well over a minute to listen.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!(Listening(BlobPort) && Listening(TablePort)))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start on ports {BlobPort}/{TablePort} (exit: {(_process.HasExited ? _process.ExitCode : "still running")}).");
            }

            Thread.Sleep(100);
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
