using LlmPulse;
using LlmPulse.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLlmPulseFunctions(builder.Configuration);

// Application Insights for the worker's own logs, with run ids as custom dimensions; levels: the app's
// categories at Information, the rest at Warning. See AddLlmPulseTelemetry and docs/DEPLOY.md.
builder.Services.AddLlmPulseTelemetry();

using var host = builder.Build();

// Every options class is validated before the worker starts (ValidateOnStart): a wrong setting stops the start
// with one line per problem in the host's log, instead of failing a delivery or a collection weeks later.
var problems = ConfigurationProblems.Check(host.Services);
if (problems.Count > 0)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine("LlmPulse configuration: " + problem);
    }

    return 1;
}

host.Run();
return 0;
