using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Archive.Catalog.Index;
using Archive.Catalog.Matching;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using RocksDbSharp;

namespace Archive.Index.Catalog;

/// <summary>
/// The node's catalog index in the <see cref="GridDatabase"/>: instance records by study, one
/// summary row per study kept current on every put (a study-level query reads no instances), and
/// secondary keys that narrow a query to candidate studies (<see cref="CatalogPlanner"/>). Every
/// candidate is re-checked with <see cref="CatalogQuery.Matches"/>, so a stale secondary key costs a
/// lookup, never a wrong answer. Puts of one study are serialised by a striped lock (the summary is
/// read-modify-write); puts are synced. Thread-safe; does not own the database.
/// </summary>
public sealed class RocksCatalogIndex(GridDatabase database) : ICatalogIndex
{
    private static readonly byte[] Empty = [];

    /// <summary>The <see cref="TextFolding.Version"/> the name keys were last derived with (in the default column family; absent: 1).</summary>
    private static readonly byte[] NameFoldingKey = "catalog-name-folding"u8.ToArray();

    private readonly object[] _stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

    /// <inheritdoc />
    public ValueTask PutAsync(CatalogEntry entry, CancellationToken cancellationToken = default)
    {
        using var batch = new WriteBatch();
        Commit(entry, batch, database.Durable);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Adds <paramref name="entry"/>'s rows to <paramref name="batch"/> and writes the batch with <paramref name="options"/>:
    /// what the caller staged in it (the manifest that carries the entry) goes in the same write, so a crash keeps
    /// both or neither. An instance already indexed adds nothing.
    /// </summary>
    internal void Commit(CatalogEntry entry, WriteBatch batch, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(batch);
        var record = entry.Record;
        string study = record.StudyInstanceUid, series = record.SeriesInstanceUid, sop = record.SopInstanceUid;
        if (study.Length == 0 || sop.Length == 0)
        {
            throw new ArgumentException("a catalog entry needs its Study and SOP Instance UIDs", nameof(entry));
        }

        lock (_stripes[(uint)StringComparer.Ordinal.GetHashCode(study) % _stripes.Length])
        {
            var db = database.Db;
            var instanceKey = CatalogKeys.Instance(study, sop, entry.Version);
            if (db.Get(instanceKey, database.CatalogInstances) is not null)
            {
                if (batch.Count() > 0)
                {
                    db.Write(batch, options);
                }

                return;
            }

            var sopKey = CatalogKeys.Secondary(CatalogKeys.Sop, sop, study);
            var seriesKey = CatalogKeys.Secondary(CatalogKeys.Series, series, study);
            var isNewInstance = db.Get(sopKey, database.CatalogKeys) is null;
            var isNewSeries = db.Get(seriesKey, database.CatalogKeys) is null;
            var previous = ReadStudy(study);
            var summary = isNewInstance ? StudySummary.Apply(previous, record, isNewInstance, isNewSeries) : Recounted(study, entry);
            if (previous is not null && previous.Site != record.Site)
            {
                batch.Put(MixedSitesKey(study), Empty, database.CatalogKeys);
            }

            var json = CatalogRecordCodec.Encode(record);
            var value = new byte[8 + json.Length];
            BinaryPrimitives.WriteInt64LittleEndian(value, entry.StoredAt.ToUnixTimeMilliseconds());
            json.CopyTo(value, 8);

            batch.Put(instanceKey, value, database.CatalogInstances);
            batch.Put(CatalogKeys.Study(study), CatalogRecordCodec.Encode(ToRecord(summary)), database.CatalogStudies);
            batch.Put(sopKey, Empty, database.CatalogKeys);
            batch.Put(seriesKey, Empty, database.CatalogKeys);
            foreach (var (kind, text) in SecondaryValues(record))
            {
                batch.Put(CatalogKeys.Secondary(kind, text, study), Empty, database.CatalogKeys);
            }

            db.Write(batch, options);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CatalogRow> QueryAsync(CatalogQuery query, QueryScope scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        await Task.Yield();
        var studies = CandidateStudies(query, cancellationToken);
        if (query.Level == CatalogLevel.Patient)
        {
            var rows = studies.SelectMany(s => StudyRows(s, scope));
            var patients = StudySummary.Patients(rows).Where(query.Matches).ToArray();
            var ids = patients.Select(p => StudySummary.PatientKey(p).Id).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            var everyStudy = ids.Length == 0 ? [] : CandidateStudies(query.StudiesOfPatients(ids), cancellationToken).SelectMany(s => StudyRows(s, scope));
            foreach (var patient in StudySummary.WithAllTheirStudies(patients, everyStudy))
            {
                yield return patient;
            }

            yield break;
        }

        foreach (var study in studies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query.Level == CatalogLevel.Study)
            {
                foreach (var row in StudyRows(study, scope).Where(query.Matches))
                {
                    yield return row;
                }

                continue;
            }

            // A query naming its instances (a commitment check, a retrieve by SOP Instance UID) reads only those, not the study.
            var entries = query.Level == CatalogLevel.Image && query.UidsNamed(CatalogSchema.SopInstanceUid) is { } sops ? sops.SelectMany(sop => ReadEntries(CatalogKeys.VersionsOf(study, sop))) : ReadEntries(CatalogKeys.InstancesOf(study));
            foreach (var row in CatalogSearch.Run(entries, query, scope))
            {
                yield return row;
            }
        }
    }

    /// <summary>Candidate studies, each once, from the most selective key the query has; all studies when none helps.</summary>
    private IEnumerable<string> CandidateStudies(CatalogQuery query, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var study in CatalogPlanner.Plan(query) is { } plan ? Secondary(plan, cancellationToken) : AllStudies(cancellationToken))
        {
            if (seen.Add(study))
            {
                yield return study;
            }
        }
    }

    private IEnumerable<string> Secondary(CatalogPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Studies is { } direct)
        {
            foreach (var study in direct)
            {
                yield return study;
            }

            yield break;
        }

        foreach (var (from, to) in plan.Ranges)
        {
            using var iterator = database.Db.NewIterator(database.CatalogKeys);
            for (iterator.Seek(from); iterator.ValidOrThrow(); iterator.Next())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = iterator.Key();
                if (!CatalogPlan.Within(key, from, to))
                {
                    break;
                }

                yield return CatalogKeys.StudyOf(key);
            }
        }
    }

    private IEnumerable<string> AllStudies(CancellationToken cancellationToken)
    {
        using var iterator = database.Db.NewIterator(database.CatalogStudies);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow(); iterator.Next())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return System.Text.Encoding.UTF8.GetString(iterator.Key());
        }
    }

    /// <summary>
    /// The study's row as <paramref name="scope"/> may see it. A study that instances of other sites were added to (stored
    /// before the store path checked the study's site, or racing that check) is counted again from this site's own
    /// instances, so one site's queries never show another's patient, names or counts.
    /// </summary>
    private IEnumerable<CatalogRow> StudyRows(string study, QueryScope scope)
    {
        if (ReadStudy(study) is not { } row)
        {
            return [];
        }

        if (scope.AllSites || database.Db.Get(MixedSitesKey(study), database.CatalogKeys) is null)
        {
            return scope.Allows(row.Site) ? [row] : [];
        }

        var own = NewestInStoredOrder(ReadEntries(CatalogKeys.InstancesOf(study)).Where(e => scope.Allows(e.Record.Site))).ToArray();
        return own.Length == 0 ? [] : [StudySummary.Recount(own)];
    }

    private static byte[] MixedSitesKey(string study) => CatalogKeys.Secondary(CatalogKeys.MixedSites, study, study);

    private CatalogRow? ReadStudy(string study)
    {
        var bytes = database.Db.Get(CatalogKeys.Study(study), database.CatalogStudies);
        if (bytes is null)
        {
            return null;
        }

        var record = CatalogRecordCodec.Decode(bytes);
        return new CatalogRow(CatalogLevel.Study, record.Site, record.Values, record.Sequences);
    }

    /// <summary>The study's row counted again from the newest version of each instance, <paramref name="entry"/> (a new version) included.</summary>
    private CatalogRow Recounted(string study, CatalogEntry entry) =>
        StudySummary.Recount(NewestInStoredOrder(ReadEntries(CatalogKeys.InstancesOf(study)).Append(entry)));

    /// <summary>The newest version of each instance, in the order they were stored.</summary>
    private static IEnumerable<CatalogRecord> NewestInStoredOrder(IEnumerable<CatalogEntry> entries) => entries
        .GroupBy(e => e.Record.SopInstanceUid, StringComparer.Ordinal)
        .Select(g => g.MaxBy(e => e.StoredAt)!)
        .OrderBy(e => e.StoredAt)
        .Select(e => e.Record);

    private List<CatalogEntry> ReadEntries(byte[] prefix)
    {
        using var iterator = database.Db.NewIterator(database.CatalogInstances);
        var entries = new List<CatalogEntry>();
        for (iterator.Seek(prefix); iterator.ValidOrThrow() && iterator.Key().AsSpan().StartsWith(prefix); iterator.Next())
        {
            var value = iterator.Value();
            var storedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(value));
            var key = iterator.Key();
            var version = System.Text.Encoding.UTF8.GetString(key.AsSpan(key.AsSpan().LastIndexOf((byte)0) + 1));
            entries.Add(new CatalogEntry(CatalogRecordCodec.Decode(value.AsSpan(8)), version, storedAt));
        }

        return entries;
    }

    /// <summary>
    /// Once per <see cref="TextFolding.Version"/>: adds every instance's name keys as the current folding writes them,
    /// so a name stored before a folding change is found by the queries folded the new way (the old keys stay: a stale
    /// key costs a lookup, never a wrong answer). Returns the instances re-keyed (0 when already current).
    /// </summary>
    public long RefoldNames()
    {
        var db = database.Db;
        if (db.Get(NameFoldingKey) is { Length: 4 } stored && BinaryPrimitives.ReadUInt32LittleEndian(stored) >= TextFolding.Version)
        {
            return 0;
        }

        long count = 0;
        using (var iterator = db.NewIterator(database.CatalogInstances))
        {
            var batch = new WriteBatch();
            for (iterator.SeekToFirst(); iterator.ValidOrThrow(); iterator.Next())
            {
                var record = CatalogRecordCodec.Decode(iterator.Value().AsSpan(8));
                foreach (var (kind, text) in SecondaryValues(record).Where(v => v.Kind == CatalogKeys.Name))
                {
                    batch.Put(CatalogKeys.Secondary(kind, text, record.StudyInstanceUid), Empty, database.CatalogKeys);
                }

                if (++count % 10_000 == 0)
                {
                    db.Write(batch, database.Durable);
                    batch.Dispose();
                    batch = new WriteBatch();
                }
            }

            db.Write(batch, database.Durable);
            batch.Dispose();
        }

        var version = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(version, TextFolding.Version);
        db.Put(NameFoldingKey, version, writeOptions: database.Durable);
        return count;
    }

    private static CatalogRecord ToRecord(CatalogRow row) => new(row.Site, string.Empty, 0, row.Values, row.Sequences);

    private static IEnumerable<(byte Kind, string Value)> SecondaryValues(CatalogRecord record)
    {
        if (record.Get(CatalogSchema.PatientId) is { Length: > 0 } id)
        {
            yield return (CatalogKeys.Patient, id);
        }

        if (record.Get(CatalogSchema.AccessionNumber) is { Length: > 0 } accession)
        {
            yield return (CatalogKeys.Accession, accession);
        }

        if (record.Get(CatalogSchema.StudyDate) is { Length: >= 8 } date)
        {
            yield return (CatalogKeys.Date, new string(date.Where(char.IsAsciiDigit).Take(8).ToArray()));
        }

        if (record.Get(CatalogSchema.PatientName) is { Length: > 0 } name)
        {
            foreach (var group in name.Split('='))
            {
                if (group.Length > 0)
                {
                    yield return (CatalogKeys.Name, TextFolding.Fold(group));
                }
            }
        }
    }
}
