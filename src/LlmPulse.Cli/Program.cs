using LlmPulse;
using LlmPulse.Cli;

StartupTrace.Mark("main");
var exit = await LlmPulseCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
StartupTrace.Summary();
return exit;
