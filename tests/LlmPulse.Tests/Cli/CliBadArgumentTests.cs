using System.CommandLine;
using LlmPulse.Cli;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Cli;

/// <summary>
/// Every command of the tool, found in its command tree, with bad arguments: an unknown option, extra arguments, a
/// missing required argument, a bad month or day, a negative number. Each must end with exit code 2 and one line on
/// stderr that says what is wrong, with no stack trace and no help dump; none may start any work.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliBadArgumentTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmpulse-cli-args-").FullName;
    private readonly StorageOptions _storage = StorageNames.Unique(azurite.ConnectionString);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        using var app = new TestApp(StorageNames.Unique("UseDevelopmentStorage=true"));
        foreach (var command in LlmPulseCommand.BuildRoot(app.Services, TextWriter.Null).Subcommands)
        {
            data.Add(command.Name);
        }

        return data;
    }

    [Fact]
    public async Task An_unknown_command_is_one_line_and_exit_2()
    {
        var (exit, output, error) = await RunAsync("frobnicate", "--now");

        AssertOneLine(exit, output, error, "frobnicate");
    }

    [Theory]
    [InlineData("llmpulse: briefing: missing <month>. See 'llmpulse briefing --help'.", "briefing")]
    [InlineData("llmpulse: deliveries: --max takes a whole number of 0 or more; got -5. See 'llmpulse deliveries --help'.", "deliveries", "--max", "-5")]
    [InlineData("llmpulse: briefing: Unrecognized command or argument '--nope'. See 'llmpulse briefing --help'.", "briefing", "2023-07", "--nope")]
    [InlineData("llmpulse: '2023-13' is not a month: expected YYYY-MM, for example 2023-07.", "status", "2023-13")]
    public async Task The_line_says_what_is_wrong_and_where_to_look(string expected, params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal((LlmPulseCommand.BadInput, expected), (exit, error.Trim()));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Bad_arguments_are_one_line_on_stderr_and_exit_2(string name)
    {
        using var app = new TestApp(_storage);
        var command = LlmPulseCommand.BuildRoot(app.Services, TextWriter.Null).Subcommands.Single(c => c.Name == name);
        var required = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(ValidValue).ToArray();
        var cases = new List<string[]>();
        cases.Add([name, .. required, "--no-such-option"]);
        cases.Add([name, .. required, "--no-such-option=1"]);
        cases.Add([name, .. command.Arguments.Select(ValidValue), "one-too-many", "and-another"]);
        if (required.Length > 0)
        {
            cases.Add([name]);
        }

        foreach (var argument in command.Arguments.Where(a => a.Name == "month"))
        {
            foreach (var bad in new[] { "2023-13", "23-07", "２０２３-０７", new string('9', 500), "../2023-07" })
            {
                cases.Add([name, .. command.Arguments.TakeWhile(a => a != argument).Select(ValidValue), bad]);
            }
        }

        foreach (var option in command.Options)
        {
            switch (option.Name)
            {
                case "--month":
                    cases.Add([name, .. required, option.Name, "2023-13"]);
                    break;
                case "--from" or "--to":
                    cases.Add([name, .. required, option.Name, "2023-13-45"]);
                    cases.Add([name, .. required, option.Name, "yesterday"]);
                    break;
                case "--as-of":
                    cases.Add([name, .. required, option.Name, "2023-13-01T07:00Z"]);
                    break;
            }

            if (option.ValueType == typeof(int) || option.ValueType == typeof(int[]))
            {
                cases.Add([name, .. required, option.Name, "-5"]);
                cases.Add([name, .. required, $"{option.Name}=-1"]);
                cases.Add([name, .. required, option.Name, "lots"]);
                cases.Add([name, .. required, option.Name]);
            }
        }

        if (command.Options.Any(o => o.Name == "--from") && command.Options.Any(o => o.Name == "--to"))
        {
            cases.Add([name, .. required, "--from", "2023-09", "--to", "2023-01"]);
        }

        foreach (var args in cases)
        {
            var (exit, output, error) = await RunAsync(args);
            AssertOneLine(exit, output, error, string.Join(' ', args));
        }
    }

    private string ValidValue(Argument argument) => argument.Name switch
    {
        "month" => "2023-07",
        "folder" => _dir,
        "series" => "traffic.x",
        "source" => "tranco",
        _ => throw new Xunit.Sdk.XunitException($"The argument '{argument.Name}' has no valid value in this test: add one."),
    };

    private static void AssertOneLine(int exit, string output, string error, string what)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exit == LlmPulseCommand.BadInput, $"'{what}' exited {exit}: {error}{output}");
        Assert.True(lines.Length == 1, $"'{what}' wrote {lines.Length} lines on stderr: {error}");
        Assert.StartsWith("llmpulse: ", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Length <= 300, $"'{what}': the line is {lines[0].Length} characters long: {lines[0]}");
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.True(output.Length == 0, $"'{what}' wrote on stdout: {output}");
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services => TestApp.ConfigureCli(services, _storage, TimeProvider.System));
        return (exit, output.ToString(), error.ToString());
    }
}
