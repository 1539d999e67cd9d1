using System.Security.Cryptography;
using LlmPulse.Briefings;
using LlmPulse.Testing;
using UglyToad.PdfPig;

namespace LlmPulse.Tests.Briefings;

/// <summary>The seed article's story, told by a briefing built from the imported seeds and read back as a PDF.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SeedBriefingTests(AzuriteServer azurite)
{
    private static async Task<TestApp> SeededAppAsync(string connectionString)
    {
        var app = new TestApp(connectionString);
        await app.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);
        return app;
    }

    [Fact]
    public async Task The_July_2023_briefing_tells_of_ChatGPT_traffic_cooling()
    {
        using var app = await SeededAppAsync(azurite.ConnectionString);

        var briefing = await app.BriefingService.BuildAsync(BriefingMonth.Parse("2023-07"), CancellationToken.None);

        var findings = briefing.KeyFindings.Select(f => f.Text).ToArray();
        Assert.InRange(findings.Length, 3, 5);
        Assert.Contains(findings, f => f.StartsWith("ChatGPT web traffic, United States fell for a third consecutive month in Jul 2023 (-4%)", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("ChatGPT web visits, worldwide fell from 1.9 billion visits in May 2023 to 1.5 billion visits in Jul 2023 (-21.1%, derived).", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2023, 7, 31), briefing.DataAsOf);
    }

    [Fact]
    public async Task The_September_2023_briefing_shows_the_index_below_its_June_peak()
    {
        using var app = await SeededAppAsync(azurite.ConnectionString);

        var briefing = await app.BriefingService.BuildAsync(BriefingMonth.Parse("2023-09"), CancellationToken.None);

        Assert.Contains(briefing.KeyFindings, f => f.Text.Contains("stood at about 1,420 points in Sep 2023, 21.9% below its peak of 1,818.68 points on 20 Jun 2023", StringComparison.Ordinal));
        Assert.Contains(briefing.KeyFindings, f => f.Text.StartsWith("Global AI investment fell 38% quarter over quarter in 2023 Q2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_stored_pdf_is_a_real_document_with_the_figures_from_the_data()
    {
        using var app = await SeededAppAsync(azurite.ConnectionString);

        var result = await app.BriefingService.CreateAsync(BriefingMonth.Parse("2023-07"), CancellationToken.None);

        Assert.Equal("2023/2023-07.v1.pdf", result.Stored.BlobName);
        var opened = await app.Briefings.OpenAsync(BriefingMonth.Parse("2023-07"), CancellationToken.None);
        Assert.NotNull(opened);
        using var stream = new MemoryStream();
        await opened.Value.Content.CopyToAsync(stream);
        var bytes = stream.ToArray();
        Assert.Equal(result.Content, bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), opened.Value.Info.Sha256);
        Assert.Equal(new DateOnly(2023, 7, 31), opened.Value.Info.DataAsOf);
        Assert.Equal(app.Time.GetUtcNow(), opened.Value.Info.GeneratedAt);

        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal("LlmPulse monthly briefing: July 2023", pdf.Information.Title);
        Assert.Equal("LlmPulse", pdf.Information.Author);
        Assert.False(string.IsNullOrEmpty(pdf.Information.Subject));
        Assert.InRange(pdf.NumberOfPages, 3, 12);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("July 2023", text);
        Assert.Contains("1.5 billion", text);
        Assert.Contains("1,818.68", text);
        Assert.Contains("-9.6%", text);
        Assert.Contains("SimilarWeb", text);
        Assert.All(pdf.GetPages(), page => Assert.Contains($"of {pdf.NumberOfPages}", page.Text));
        Assert.All(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct(), name => Assert.Contains("Noto", name));
    }

    [Fact]
    public async Task Listing_shows_stored_briefings_newest_first()
    {
        using var app = await SeededAppAsync(azurite.ConnectionString);
        await app.BriefingService.CreateAsync(BriefingMonth.Parse("2023-06"), CancellationToken.None);
        await app.BriefingService.CreateAsync(BriefingMonth.Parse("2023-08"), CancellationToken.None);

        var listed = await app.Briefings.ListAsync(CancellationToken.None);

        Assert.Equal(["2023-08", "2023-06"], listed.Select(b => b.Current.Month.ToString()));
        Assert.All(listed, b => Assert.Equal(64, b.Current.Sha256.Length));
    }

    [Fact]
    public async Task A_month_before_any_data_is_refused_with_a_clear_error()
    {
        using var app = await SeededAppAsync(azurite.ConnectionString);

        var error = await Assert.ThrowsAsync<NoDataException>(() => app.BriefingService.CreateAsync(BriefingMonth.Parse("2022-11"), CancellationToken.None));

        Assert.Contains("2022-11-30", error.Message);
        Assert.Empty(await app.Briefings.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_latest_month_in_the_seeds_is_September_2023()
    {
        using var app = await SeededAppAsync(azurite.ConnectionString);

        Assert.Equal(BriefingMonth.Parse("2023-09"), await app.BriefingService.LatestMonthWithDataAsync(CancellationToken.None));
    }
}
