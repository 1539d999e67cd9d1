namespace LlmPulse.Cli.Commands;

/// <summary>
/// Whether the output is a terminal, where a command may redraw a line as it goes, or redirected (a file, a pipe,
/// CI), where it writes plain lines. Registered by tests to choose; otherwise read from the console.
/// </summary>
public sealed record CliTerminal(bool Interactive)
{
    public static CliTerminal FromConsole() => new(!Console.IsOutputRedirected);
}
