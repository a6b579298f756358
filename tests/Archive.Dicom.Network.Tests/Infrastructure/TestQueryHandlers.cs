using System.Buffers;
using System.Runtime.CompilerServices;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>C-FIND: answers every level with <see cref="MatchesPerLevel"/> matches carrying the level and a UID; remembers the levels asked.</summary>
internal sealed class TestFindHandler : ICFindHandler
{
    public const int MatchesPerLevel = 3;
    private static readonly DicomTag Level = new(0x0008, 0x0052);

    public List<string> Levels { get; } = [];

    public TimeSpan DelayPerMatch { get; init; }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var syntax = DicomTransferSyntax.Lookup(request.TransferSyntaxUid);
        var query = Decode(request.Identifier, syntax);
        string level = query.TryGet(Level, out var e) && e is DicomValueElement v ? System.Text.Encoding.ASCII.GetString(v.Value.Span).Trim('\0', ' ') : "";
        if (level is not ("PATIENT" or "STUDY" or "SERIES" or "IMAGE"))
        {
            throw new DimseStatusException(new DimseResult(DimseStatus.DataSetDoesNotMatchSopClass, "bad level"));
        }

        lock (Levels)
        {
            Levels.Add(level);
        }

        for (int i = 1; i <= MatchesPerLevel; i++)
        {
            if (DelayPerMatch > TimeSpan.Zero)
            {
                await Task.Delay(DelayPerMatch, cancellationToken);
            }

            var match = new DicomDataset();
            match.Add(DicomValueElement.FromAscii(Level, DicomVR.CS, level));
            match.Add(DicomValueElement.FromAscii(new DicomTag(0x0010, 0x0020), DicomVR.LO, $"PID{i}"));
            match.Add(DicomValueElement.FromUid(new DicomTag(0x0020, 0x000D), $"1.2.3.{i}"));
            var buffer = new ArrayBufferWriter<byte>();
            DicomDatasetWriter.Write(buffer, match, syntax);
            yield return buffer.WrittenMemory;
        }
    }

    private static DicomDataset Decode(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax)
    {
        var root = new DicomDataset();
        var parser = new DicomDatasetParser(root, syntax, DicomReaderOptions.Default);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        parser.Parse(ref reader, isFinalBlock: true);
        return root;
    }
}

/// <summary>C-MOVE/C-GET: every request designates the given files.</summary>
internal sealed class TestRetrieveHandler(IReadOnlyList<string> files) : IRetrieveHandler
{
    public ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RetrieveResolution.Of(files.Select(f => (IRetrieveInstance)new FileInstance(Part10.Read(f))).ToList()));

    public void Finished(QueryRequest request, RetrieveOutcome outcome)
    {
    }

    private sealed class FileInstance(Part10.FileInfo file) : IRetrieveInstance
    {
        public string SopClassUid => file.SopClassUid;

        public string SopInstanceUid => file.SopInstanceUid;

        public string TransferSyntaxUid => file.TransferSyntaxUid;

        public long Length => file.DatasetLength;

        public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            var stream = File.OpenRead(file.Path);
            stream.Position = file.DatasetOffset;
            return ValueTask.FromResult<Stream>(stream);
        }
    }
}
