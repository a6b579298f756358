using Archive.Node.Dicom;

namespace Archive.Node.Tests.Dicom;

public sealed class CallingAeLabelsTests
{
    [Fact]
    public void Of_RegisteredTitle_KeepsItsNameTrimmed()
    {
        var labels = new CallingAeLabels(["PACS1 ", "MODALITY"]);

        Assert.Equal("PACS1", labels.Of("PACS1"));
        Assert.Equal("MODALITY", labels.Of(" MODALITY  "));
    }

    [Fact]
    public void Of_ManyUnregisteredTitles_FirstOnesKeepTheirNamesTheRestAreOther()
    {
        var labels = new CallingAeLabels(["PACS1"]);
        for (var i = 0; i < CallingAeLabels.MaxUnregistered; i++)
        {
            Assert.Equal($"WS{i}", labels.Of($"WS{i}"));
        }

        Assert.Equal(CallingAeLabels.Other, labels.Of("LATECOMER"));
        Assert.Equal(CallingAeLabels.Other, labels.Of("ANOTHER"));
        Assert.Equal("WS0", labels.Of("WS0"));
        Assert.Equal("PACS1", labels.Of("PACS1"));
    }

    [Fact]
    public async Task Of_ConcurrentFirstTimeCallers_ExactlyTheBoundKeepTheirNames()
    {
        var labels = new CallingAeLabels([]);
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            results.Add(labels.Of($"AE{i}"));
            return ValueTask.CompletedTask;
        });

        var named = results.Where(r => r != CallingAeLabels.Other).Distinct().Count();
        Assert.Equal(CallingAeLabels.MaxUnregistered, named);
    }
}
