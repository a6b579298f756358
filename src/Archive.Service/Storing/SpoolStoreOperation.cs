using System.Buffers.Binary;
using Archive.Catalog.Extraction;
using Archive.Catalog.Model;
using Archive.Codec.Compression;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Grid.Writing;
using Archive.Service.Cataloging;
using Archive.Service.Configuration;
using Archive.Storage.Audit;

namespace Archive.Service.Storing;

public sealed partial class ArchiveStoreHandler
{
    private static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
    private static readonly DicomTag Columns = new(0x0028, 0x0011);
    private static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);

    /// <summary>
    /// One C-STORE in flight: the dataset appends to its spool; completion parses its header,
    /// writes it to the grid and answers. Disposal (abort, transport loss) drops the spool: nothing
    /// partial is left. A stored object's spool goes on to the replica-cache copy instead.
    /// </summary>
    private sealed class SpoolStoreOperation(ArchiveStoreHandler owner, CStoreRequest request, DicomTransferSyntax syntax, Spool spool) : IStoreOperation
    {
        private readonly long _datasetStart = spool.Length;
        private long _length = spool.Length;
        private bool _oversize;
        private bool _spoolHandedOver;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
        {
            _length += fragment.Length;
            if (_length > owner._options.MaxObjectBytes)
            {
                _oversize = true; // keep reading the PDVs, store nothing
                return;
            }

            await spool.AppendAsync(fragment, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken)
        {
            var caller = request.Association.CallingAeTitle;
            if (_oversize)
            {
                return Refuse(new DimseResult(DimseStatus.OutOfResources, "object larger than the configured maximum"));
            }

            if (_length == _datasetStart)
            {
                return Refuse(new DimseResult(DimseStatus.CannotUnderstand, "cannot parse: the dataset is empty"));
            }

            var sha256 = spool.Digest();
            spool.Seek(0, SeekOrigin.Begin);
            DicomReadResult header;
            try
            {
                header = await DicomFileReader.ReadHeaderAsync(new NonClosingStream(spool), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (DicomParseException e)
            {
                return Refuse(new DimseResult(DimseStatus.CannotUnderstand, await StartsWithFileMetaAsync(cancellationToken).ConfigureAwait(false)
                    ? "cannot parse: the dataset holds File Meta elements (0002,xxxx), which belong only in a file's header (PS3.5 7.1)"
                    : "cannot parse: " + e.Error));
            }

            var dataset = header.File.Dataset;
            if (DicomStructureCheck.FirstOddLength(dataset) is { } odd)
            {
                return Refuse(new DimseResult(DimseStatus.CannotUnderstand, $"cannot parse: odd value length in {odd}"));
            }

            if (header.PixelDataOffset is { } tail && !syntax.IsDeflated && DicomStructureCheck.FindTailProblem(spool, tail, _length, syntax) is { } problem)
            {
                return Refuse(new DimseResult(DimseStatus.CannotUnderstand, "cannot parse: " + problem));
            }

            var studyUid = dataset.GetText(CatalogSchema.StudyInstanceUid);
            if (MismatchWithCommand(dataset, request) is { } mismatch)
            {
                return Refuse(new DimseResult(DimseStatus.DataSetDoesNotMatchSopClass, mismatch));
            }

            if (string.IsNullOrEmpty(studyUid))
            {
                return Refuse(new DimseResult(DimseStatus.DataSetDoesNotMatchSopClass, "no Study Instance UID"));
            }

            var ae = owner._registry.Caller(caller)!;
            var record = CatalogExtractor.Extract(dataset, ae.Site, ae.IssuerOfPatientId, syntax.Uid, _length);
            StudyOwner? study;
            try
            {
                study = await owner._studyOwners.FindAsync(studyUid, cancellationToken).ConfigureAwait(false);
            }
            catch (PartitionsUnreachableException e)
            {
                return Refuse(new DimseResult(DimseStatus.OutOfResources, $"not durable: {e.Message}"), studyUid);
            }

            if (study is not null && study.Site != ae.Site)
            {
                if (!ae.SeesAllSites)
                {
                    return Refuse(new DimseResult(new DimseStatus(0x0124), StoreStatusMap.OtherSiteComment), studyUid);
                }

                record = OfSite(record, study.Site, study.IssuerOfPatientId);
            }

            var outcome = await owner._writer.WriteAsync(
                new GridWriteRequest(request.SopInstanceUid, studyUid, spool, CatalogRecordCodec.Encode(record), await PixelsAsync(header, dataset, cancellationToken).ConfigureAwait(false), sha256, versions => OverExisting(versions, record, ae), RecheckContent: spool.OnDisk),
                cancellationToken).ConfigureAwait(false);
            var result = StoreStatusMap.For(outcome);
            owner.LogStored(request.SopInstanceUid, caller, result.Status, _length);
            var newVersion = outcome.Status == GridWriteStatus.StoredNewVersion;
            if (newVersion)
            {
                owner.LogNewVersion(request.SopInstanceUid, caller, outcome.Manifest!.Sha256.ToString(), outcome.Detail);
            }

            owner.Audit(
                newVersion ? AuditTypes.StoreNewVersion : outcome.IsSuccess ? AuditTypes.Store : AuditTypes.StoreRefused,
                request,
                result,
                studyUid,
                (outcome.Manifest is { } stored ? $"{_length} bytes, SHA-256 {stored.Sha256}" : $"{_length} bytes") + (outcome.Status == GridWriteStatus.Duplicate ? ", a duplicate of the stored version" : string.Empty));

            if (outcome.IsSuccess && outcome.Manifest is { } manifest && owner._cacheFiller is { } filler)
            {
                _spoolHandedOver = filler.TryKeep(spool, manifest.Sha256);
            }

            return result;
        }

        /// <summary>
        /// An instance belongs to the site that archived it (its study's: checked before this, <see cref="StudyOwners"/>;
        /// this holds for studies that mixed sites before that check). A caller that sees only its own site may not add to
        /// (or be told it stored) an instance another site archived: its copy would be invisible to it, or its new version
        /// would replace what the other site retrieves. A caller that sees every site may, and its new version stays the
        /// instance's site's (with the instance's Issuer of Patient ID when the new bytes name none), so that site's
        /// queries and retrievals keep agreeing on one newest version.
        /// </summary>
        private static VersionsVerdict OverExisting(IReadOnlyList<GridManifest> versions, CatalogRecord record, RemoteAe ae)
        {
            var owner = versions.Select(CatalogingManifestReplica.EntryOf).LastOrDefault(e => e is not null)?.Record;
            if (owner is null || owner.Site == ae.Site)
            {
                return default;
            }

            if (!ae.SeesAllSites)
            {
                return new VersionsVerdict(StoreStatusMap.OtherSiteComment);
            }

            return new VersionsVerdict(Attributes: CatalogRecordCodec.Encode(OfSite(record, owner.Site, owner.Get(CatalogSchema.IssuerOfPatientId))));
        }

        /// <summary>The record as <paramref name="site"/>'s, with that site's issuer when the object names none.</summary>
        private static CatalogRecord OfSite(CatalogRecord record, string site, string? issuer)
        {
            var values = new Dictionary<DicomTag, string>(record.Values);
            if (!values.ContainsKey(CatalogSchema.IssuerOfPatientId) && issuer is not null)
            {
                values[CatalogSchema.IssuerOfPatientId] = issuer;
            }

            return record with { Site = site, Values = values };
        }

        /// <summary>Null when the dataset's SOP class and instance are the command's; otherwise which is missing or differs.</summary>
        private static string? MismatchWithCommand(DicomDataset dataset, CStoreRequest request)
        {
            string? Check(DicomTag tag, string name, string commanded) => dataset.GetText(tag) switch
            {
                null or "" => $"the dataset has no {name} {tag}",
                var own when own != commanded => $"{name} {tag} differs from the command's", // the UIDs are in the log; a comment holds 64 characters
                _ => null,
            };

            return Check(CatalogSchema.SopInstanceUid, "SOP Instance UID", request.SopInstanceUid) ?? Check(CatalogSchema.SopClassUid, "SOP Class UID", request.SopClassUid);
        }

        public ValueTask DisposeAsync() => _spoolHandedOver ? ValueTask.CompletedTask : spool.DisposeAsync();

        private DimseResult Refuse(DimseResult result, string? studyUid = null)
        {
            owner.LogRefused(request.SopInstanceUid, request.Association.CallingAeTitle, result.ErrorComment ?? result.Status.ToString());
            owner.Audit(AuditTypes.StoreRefused, request, result, studyUid, $"{_length} bytes");
            return result;
        }

        /// <summary>Whether the dataset as it arrived starts with a group 0002 element (a file's meta header sent as data).</summary>
        private async Task<bool> StartsWithFileMetaAsync(CancellationToken cancellationToken)
        {
            if (_length - _datasetStart < 2 || syntax.IsDeflated)
            {
                return false;
            }

            var group = new byte[2];
            spool.Seek(_datasetStart, SeekOrigin.Begin);
            await spool.ReadExactlyAsync(group, cancellationToken).ConfigureAwait(false);
            return (syntax.IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(group) : BinaryPrimitives.ReadUInt16LittleEndian(group)) == 0x0002;
        }

        /// <summary>Where 16-bit native pixel data lies, so the codec can try its byte-plane transform.</summary>
        private async Task<PixelRegion?> PixelsAsync(DicomReadResult header, DicomDataset dataset, CancellationToken cancellationToken)
        {
            if (header.PixelDataOffset is not { } offset || syntax.IsEncapsulated || syntax.IsDeflated || syntax.IsBigEndian
                || !dataset.TryGetUInt16(BitsAllocated, out var bits) || bits != 16 || !dataset.TryGetUInt16(Columns, out var columns))
            {
                return null;
            }

            var samples = dataset.TryGetUInt16(SamplesPerPixel, out var s) ? s : 1;
            var elementHeader = new byte[12];
            spool.Seek(offset, SeekOrigin.Begin);
            await spool.ReadExactlyAsync(elementHeader, cancellationToken).ConfigureAwait(false);
            var (valueOffset, declared) = syntax.IsExplicitVR
                ? (offset + 12, BinaryPrimitives.ReadUInt32LittleEndian(elementHeader.AsSpan(8)))
                : (offset + 8, BinaryPrimitives.ReadUInt32LittleEndian(elementHeader.AsSpan(4)));
            var length = Math.Min(declared == uint.MaxValue ? 0 : declared, _length - valueOffset) & ~1L;
            return length > 0 ? new PixelRegion(valueOffset, length, columns * samples) : null;
        }
    }
}
