using LlmPulse.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLlmPulseFunctions(builder.Configuration);

// Application Insights for the worker's own logs, with run ids as custom dimensions; levels: the app's
// categories at Information, the rest at Warning. See AddLlmPulseTelemetry and docs/DEPLOY.md.
builder.Services.AddLlmPulseTelemetry();

builder.Build().Run();
