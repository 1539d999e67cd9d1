using Spectre.Console;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// Where the output goes: a terminal, where a command may draw live progress, coloured tables and redraw lines, or
/// plain (redirected to a file, a pipe, CI, or <c>NO_COLOR</c> set), where it writes plain lines a script can read.
/// Registered by tests to choose; otherwise read from the console and the environment.
/// </summary>
public sealed record CliTerminal(bool Interactive, bool NoColor = false)
{
    /// <summary>True when the output is plain lines: redirected, or colour turned off with NO_COLOR.</summary>
    public bool Plain => !Interactive || NoColor;

    public static CliTerminal FromConsole() =>
        new(!System.Console.IsOutputRedirected, !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>A Spectre.Console console over <paramref name="output"/>, with colours and live display.</summary>
    public IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });

        // A captured writer has no width of its own; a real terminal keeps its own.
        if (System.Console.IsOutputRedirected || output != System.Console.Out)
        {
            console.Profile.Width = 120;
        }

        return console;
    }
}
