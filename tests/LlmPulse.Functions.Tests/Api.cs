using System.Text.Json;

namespace LlmPulse.Functions.Tests;

/// <summary>Calls to the HTTP functions as a client makes them, and the checks every error answer must pass.</summary>
internal static class Api
{
    public static JsonElement AssertProblem(HttpAnswer answer, int status, string type)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        var problem = answer.Json();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public static async Task<HttpAnswer> PostAsync(FunctionsApp app, string month, string query = "?code=test-function-key")
    {
        var request = app.Request("POST", "/api/briefings/" + month, query);
        return await FunctionsApp.SendAsync(request, await app.Function<CreateBriefing>().Run(request, month));
    }

    public static async Task<HttpAnswer> GetAsync(FunctionsApp app, string month, string query = "?code=test-function-key")
    {
        var request = app.Request("GET", "/api/briefings/" + month, query);
        return await FunctionsApp.SendAsync(request, await app.Function<GetBriefing>().Run(request, month));
    }

    public static async Task<HttpAnswer> ListAsync(FunctionsApp app, string query = "?code=test-function-key")
    {
        var request = app.Request("GET", "/api/briefings", query);
        return await FunctionsApp.SendAsync(request, await app.Function<ListBriefings>().Run(request));
    }
}
