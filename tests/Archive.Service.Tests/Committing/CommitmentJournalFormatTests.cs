using Archive.Service.Committing;

namespace Archive.Service.Tests.Committing;

/// <summary>
/// The storage commitment journal's file format, frozen: a node upgraded with requests pending must still read what the
/// build before it wrote, or it would never report them. Changing a property name or type breaks these tests on purpose.
/// </summary>
public sealed class CommitmentJournalFormatTests : IDisposable
{
    /// <summary>What format 1 writes, byte for byte.</summary>
    private const string Format1 =
        """{"transactionUid":"1.2.826.0.1.3680043.10.99.1","callingAeTitle":"PACS_A","calledAeTitle":"ARCHIVE","items":[{"sopClassUid":"1.2.840.10008.5.1.4.1.1.2","sopInstanceUid":"1.2.826.0.1.3680043.10.99.1.1","failureReason":null},{"sopClassUid":"1.2.840.10008.5.1.4.1.1.2","sopInstanceUid":"1.2.826.0.1.3680043.10.99.1.2","failureReason":274}],"receivedAt":"2026-11-30T01:02:03.004+00:00","reportAttempts":2,"nextReportAt":"2026-11-30T01:07:03+00:00","format":1}""";

    /// <summary>What the builds before the format field wrote (sessions 1–17): the same, without it.</summary>
    private const string Unversioned =
        """{"transactionUid":"1.2.826.0.1.3680043.10.99.1","callingAeTitle":"PACS_A","calledAeTitle":"ARCHIVE","items":[{"sopClassUid":"1.2.840.10008.5.1.4.1.1.2","sopInstanceUid":"1.2.826.0.1.3680043.10.99.1.1","failureReason":null},{"sopClassUid":"1.2.840.10008.5.1.4.1.1.2","sopInstanceUid":"1.2.826.0.1.3680043.10.99.1.2","failureReason":274}],"receivedAt":"2026-11-30T01:02:03.004+00:00","reportAttempts":2,"nextReportAt":"2026-11-30T01:07:03+00:00"}""";

    private readonly string _directory = Directory.CreateTempSubdirectory("commitment-format-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CommitmentTransaction Sample() => new(
        "1.2.826.0.1.3680043.10.99.1",
        "PACS_A",
        "ARCHIVE",
        [new("1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.10.99.1.1"), new("1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.10.99.1.2", 0x0112)],
        new DateTimeOffset(2026, 11, 30, 1, 2, 3, 4, TimeSpan.Zero),
        ReportAttempts: 2,
        NextReportAt: new DateTimeOffset(2026, 11, 30, 1, 7, 3, TimeSpan.Zero));

    [Fact]
    public void Written_IsFormat1ByteForByte() => Assert.Equal(Format1, CommitmentJournal.Serialize(Sample()));

    [Theory]
    [InlineData(Format1)]
    [InlineData(Unversioned)]
    public void Format1AndTheUnversionedFiles_ReadBack(string json)
    {
        var read = CommitmentJournal.Parse(json);

        Assert.NotNull(read);
        var expected = Sample();
        Assert.Equal(
            (expected.TransactionUid, expected.CallingAeTitle, expected.CalledAeTitle, expected.ReceivedAt, expected.ReportAttempts, expected.NextReportAt, 1),
            (read.TransactionUid, read.CallingAeTitle, read.CalledAeTitle, read.ReceivedAt, read.ReportAttempts, read.NextReportAt, read.Format));
        Assert.Equal(expected.Items, read.Items);
    }

    [Fact]
    public void NewerFormatOrDamagedFiles_AreLeftAloneAndNamed_OthersStillServed()
    {
        var journal = new CommitmentJournal(_directory);
        journal.Save(Sample());
        File.WriteAllText(Path.Combine(_directory, "2.25.7@50414353.json"), Format1.Replace("\"format\":1", "\"format\":2", StringComparison.Ordinal).Replace("99.1\"", "99.7\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_directory, "2.25.8@50414353.json"), "{\"transactionUid\":\"2.25.8\",\"callingAe"); // damaged
        File.WriteAllText(Path.Combine(_directory, "2.25.9@50414353.json"), "{\"format\":1}"); // JSON, but no transaction (sweep V)
        File.CreateSymbolicLink(Path.Combine(_directory, "2.25.10@50414353.json"), Path.Combine(_directory, "gone")); // cannot be read (sweep V: it stopped the node)

        var pending = journal.Pending();

        Assert.Equal("1.2.826.0.1.3680043.10.99.1", Assert.Single(pending).TransactionUid);
        Assert.Equal(["2.25.10@50414353.json", "2.25.7@50414353.json", "2.25.8@50414353.json", "2.25.9@50414353.json"], journal.Unreadable.Order(StringComparer.Ordinal));
        Assert.Equal(5, Directory.GetFiles(_directory, "*.json").Length);
        Assert.Null(journal.Find("PACS", "2.25.10"));
    }
}
