using Archive.Dicom.Network.Scp;

namespace Archive.Service.Retrieving;

/// <summary>
/// One instance a C-MOVE or C-GET sends: fetched (cache or grid, verified) when the sub-operation
/// opens it. <see cref="Length"/> is known once <see cref="OpenAsync"/> has returned, which is when
/// the network layer reads it.
/// </summary>
internal sealed class ArchivedInstance(ObjectFetcher fetcher, string studyUid, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? version) : IRetrieveInstance
{
    private long _length = -1;

    public string StudyInstanceUid => studyUid;

    public string SopClassUid => sopClassUid;

    public string SopInstanceUid => sopInstanceUid;

    public string TransferSyntaxUid => transferSyntaxUid;

    public long Length => _length >= 0 ? _length : throw new InvalidOperationException("the instance's length is known once it is opened");

    public async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(studyUid, sopInstanceUid, version, cancellationToken).ConfigureAwait(false);
        fetched.Stream.Seek(fetched.DatasetOffset, SeekOrigin.Begin);
        _length = fetched.DatasetLength;
        return fetched.Stream;
    }
}
