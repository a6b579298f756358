using System.Text;
using Archive.Storage.Audit;

namespace Archive.Storage.Tests.Audit;

/// <summary>
/// The audit trail's line format, frozen: an auditor's check of a chain written years ago hashes those exact bytes, and
/// <c>audit list</c> must still read them. Changing a property name, order or encoding breaks these tests on purpose; an
/// incompatible format would take new file names (see <see cref="AuditRecord"/>).
/// </summary>
public sealed class AuditRecordFormatTests
{
    private const string Line =
        """{"seq":7,"time":"2026-11-30T01:02:03.004+00:00","node":"node-1","type":"store","actor":"PACS_A","outcome":"0x0000","study":"1.2.3","subject":"1.2.3.4","detail":"8964 bytes","prev":"0000000000000000000000000000000000000000000000000000000000000000","from":"10.0.0.5:41234"}""";

    private static readonly AuditRecord Record = new(7, new DateTimeOffset(2026, 11, 30, 1, 2, 3, 4, TimeSpan.Zero), "node-1", "store", "PACS_A", "0x0000", "1.2.3", "1.2.3.4", "8964 bytes", AuditRecord.Genesis, "10.0.0.5:41234");

    [Fact]
    public void Written_IsTheFrozenLine() => Assert.Equal(Line, Encoding.UTF8.GetString(Record.ToLine()));

    [Fact]
    public void FrozenLine_ReadsBack_AndHashesAsEver()
    {
        Assert.Equal(Record, AuditRecord.Parse(Encoding.UTF8.GetBytes(Line)));
        Assert.Equal("70b17c2b56352b5b02eef0ed222b7a4159542736346d64a8cf4453b20c7e8d24", AuditRecord.HashOf(Encoding.UTF8.GetBytes(Line)));
    }

    [Fact]
    public void LineWithoutOptionalFields_FromBeforeTheyExisted_ReadsBack()
    {
        const string old = """{"seq":1,"time":"2026-11-28T10:00:00+00:00","node":"node-1","type":"association-rejected","actor":"STRANGER","outcome":"calling AE not recognized","prev":"0000000000000000000000000000000000000000000000000000000000000000"}""";

        var record = AuditRecord.Parse(Encoding.UTF8.GetBytes(old));

        Assert.Equal(new AuditRecord(1, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), "node-1", "association-rejected", "STRANGER", "calling AE not recognized", null, null, null, AuditRecord.Genesis), record);
    }

    [Fact]
    public void FilesOfAnotherFormat_AreNotThisVersionsDayFiles()
    {
        var directory = Directory.CreateTempSubdirectory("audit-format-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "audit-2026-11-30.jsonl"), Line + "\n");
            File.WriteAllText(Path.Combine(directory, "audit-v2-2026-11-30.jsonl"), "{\"v\":2}\n");

            Assert.Equal([Path.Combine(directory, "audit-2026-11-30.jsonl")], AuditLog.DayFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
