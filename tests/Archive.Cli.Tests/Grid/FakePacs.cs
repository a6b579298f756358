using System.Net;
using System.Runtime.CompilerServices;
using Archive.Cli.Commands.Dicom;
using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Transport;

namespace Archive.Cli.Tests.Grid;

/// <summary>
/// A legacy PACS in this process (our own listener) holding one study: it reports an instance count at STUDY level and
/// lists its instances at IMAGE level, and its C-MOVE answers success without sending anything (a PACS whose move went
/// elsewhere, or that lies). Counts the associations it was asked for.
/// </summary>
internal sealed class FakePacs : IAsyncDisposable, ICFindHandler, IRetrieveHandler
{
    private readonly string _study;
    private readonly int _reported;
    private readonly DicomListener _listener;
    private int _queries;
    private int _moves;

    public FakePacs(string study, int reported, IReadOnlyList<string> listed)
    {
        (_study, _reported, Listed) = (study, reported, listed);
        _listener = new DicomListener(
            new DicomListenerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Policy = new AssociationPolicy { AeTitle = "FAKEPACS" } },
            _ => new ScpDispatcher(new ScpServices { Find = this, Retrieve = this, Peers = new DictionaryPeerResolver([new DicomPeer("ARCHIVE", "127.0.0.1", 1)]) }));
        _listener.Start();
    }

    /// <summary>The PACS as <c>--from-pacs</c> takes it.</summary>
    public string Source => $"FAKEPACS@127.0.0.1:{_listener.Port}";

    /// <summary>C-FIND and C-MOVE requests answered.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>C-MOVE requests answered.</summary>
    public int Moves => Volatile.Read(ref _moves);

    /// <summary>The instances an IMAGE-level C-FIND lists (the PACS may receive more between runs).</summary>
    public IReadOnlyList<string> Listed { get; set; }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        var asked = FindCommandIdentifier.Decode(request.Identifier, request.TransferSyntaxUid);
        var level = asked.GetText(DicomTags.QueryRetrieveLevel)?.Trim();
        foreach (var sop in level == "IMAGE" ? Listed : [string.Empty])
        {
            var match = new DicomDataset();
            match.AddOrReplaceText(DicomTags.QueryRetrieveLevel, DicomVR.CS, level ?? "STUDY");
            match.AddOrReplaceText(DicomTags.StudyInstanceUID, DicomVR.UI, _study);
            if (level == "IMAGE")
            {
                match.AddOrReplaceText(DicomTags.SOPInstanceUID, DicomVR.UI, sop);
            }
            else
            {
                match.AddOrReplaceText(DicomTags.NumberOfStudyRelatedInstances, DicomVR.IS, _reported.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            await Task.Yield();
            yield return FindCommandIdentifier.Encode(match, request.TransferSyntaxUid);
        }
    }

    public ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        Interlocked.Increment(ref _moves);
        return ValueTask.FromResult(RetrieveResolution.Of([]));
    }

    public void Finished(QueryRequest request, RetrieveOutcome outcome)
    {
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
