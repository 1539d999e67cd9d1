using LlmPulse.Cli;

return await LlmPulseCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
