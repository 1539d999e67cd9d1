namespace LlmPulse.Functions.Tests;

/// <summary>A seed folder with one monthly series observed from May to July 2023, written for a test.</summary>
public static class TinySeed
{
    public static readonly DateOnly FirstObservedMonthEnd = new(2023, 5, 31);

    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "series.csv"), """
            id,category,name,unit,frequency,source
            traffic.test.visits.world,traffic,"Test site visits, worldwide",visits,monthly,Test Analytics
            """);
        File.WriteAllText(Path.Combine(folder, "observations.csv"), """
            series,period,measure,value,approximate,reported_by,note
            traffic.test.visits.world,2023-05,level,1900000000,false,Test Analytics,May visits
            traffic.test.visits.world,2023-06,level,1700000000,false,Test Analytics,June visits
            traffic.test.visits.world,2023-07,level,1500000000,true,Test Analytics,"About 1.5 billion visits"
            """);
        return folder;
    }
}
