using LlmPulse.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLlmPulseFunctions(builder.Configuration);

// The worker forwards its logs to the host, which filters them again by host.json's logLevel; keep the
// briefing service's "stored briefing ..." lines, which are the run's record.
builder.Logging.SetMinimumLevel(LogLevel.Information);

builder.Build().Run();
