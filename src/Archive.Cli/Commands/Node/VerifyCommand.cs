using System.CommandLine;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Archive.Storage.Segments;

namespace Archive.Cli.Commands.Node;

/// <summary>
/// <c>archivectl node verify --disk DIR...</c>: reads every segment end to end and checks every
/// record (header, manifest, block checksums, trailer). A torn tail on a disk's last segment is
/// reported (start-up recovery cuts it); an invalid record anywhere else is a failure, unless its header still names
/// its shard and a newer valid record of that shard is on the disks (a repair or a later put replaced it: recovery and
/// the index follow the newer one), which is reported as superseded.
/// </summary>
public static class VerifyCommand
{
    public static Command Build()
    {
        var disks = NodeOptions.Disks();
        var node = NodeOptions.Node();
        var command = new Command("verify", "Check every record of every segment on the given disks (offline).");
        command.Options.Add(disks);
        command.Options.Add(node);
        command.SetAction(parseResult =>
            Run(parseResult.GetValue(disks)!, parseResult.GetValue(node), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns <see cref="ExitCodes.Failed"/> when a sealed segment holds an invalid record.</summary>
    public static int Run(string[] roots, string? nodeText, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!NodeOptions.TryParseNode(nodeText, out var node, error))
        {
            return ExitCodes.Usage;
        }

        if (!NodeOptions.TryOpenDisks(roots, node, error, out var disks))
        {
            disks.ForEach(d => d.Dispose());
            return ExitCodes.Failed;
        }

        try
        {
            return Check(disks, output);
        }
        finally
        {
            disks.ForEach(d => d.Dispose());
        }
    }

    private static int Check(List<DataDisk> disks, TextWriter output)
    {
        int status = ExitCodes.Ok;
        long records = 0;
        var damage = new List<(DataDisk Disk, ulong Segment, DamagedRecord Record)>();
        foreach (var disk in disks)
        {
            var segments = disk.ListSegments();
            foreach (ulong id in segments)
            {
                var result = SegmentScanner.Scan(disk.SegmentPath(id), disk.Id, 0, null);
                records += result.Records;
                damage.AddRange(result.Damaged.Select(d => (disk, id, d)));
                if (!result.HasInvalidTail && result.HeaderValid)
                {
                    continue;
                }

                bool last = id == segments[^1];
                string what = last ? "torn tail (cut at next start)" : "INVALID RECORD";
                output.WriteLine($"{disk.Root}: segment {id}: {what} at offset {result.ValidLength} of {result.FileLength} ({result.StopStatus})");
                status = last ? status : ExitCodes.Failed;
            }
        }

        var newest = NewestValidCopies(disks, damage.Select(d => d.Record.Shard).OfType<ShardKey>().ToHashSet());
        int superseded = 0;
        foreach (var (disk, segment, damaged) in damage)
        {
            string Line(string what) =>
                $"{disk.Root}: segment {segment}: {what} at offset {damaged.Offset} ({damaged.Length} bytes, {damaged.Status}{(damaged.Shard is { } key ? $", shard {key}" : string.Empty)})";
            if (damaged.Header is { } header && newest.TryGetValue(header.Key, out var copy) && copy.Sequence >= header.Sequence)
            {
                // Recovery and the index follow the newer record (a repair's or a later put's): this one is dead bytes.
                output.WriteLine($"{Line("damaged record")}: superseded by a newer valid record ({copy.Where}); nothing reads it, compaction drops it");
                superseded++;
                continue;
            }

            output.WriteLine($"{Line("DAMAGED RECORD")}; skipped, the records after it checked");
            status = ExitCodes.Failed;
        }

        var supersededNote = superseded > 0 ? $" ({superseded} damaged record(s) already superseded)" : string.Empty;
        output.WriteLine($"{records} records checked on {disks.Count} disks: {(status == ExitCodes.Ok ? "ok" : "corruption found")}{supersededNote}");
        if (status != ExitCodes.Ok)
        {
            output.WriteLine("a damaged record not superseded here may have been repaired onto another node, and one whose header is unreadable names no shard: `archivectl verify UID` on the running grid says whether any object is short of a shard");
        }

        return status;
    }

    /// <summary>
    /// For each of <paramref name="keys"/> (the shards of damaged records), its valid record with the highest
    /// sequence on these disks and where it lies. A second read of the disks, made only when something was damaged.
    /// </summary>
    private static Dictionary<ShardKey, (ulong Sequence, string Where)> NewestValidCopies(List<DataDisk> disks, HashSet<ShardKey> keys)
    {
        var newest = new Dictionary<ShardKey, (ulong Sequence, string Where)>();
        if (keys.Count == 0)
        {
            return newest;
        }

        foreach (var disk in disks)
        {
            foreach (ulong id in disk.ListSegments())
            {
                SegmentScanner.Scan(disk.SegmentPath(id), disk.Id, 0, record =>
                {
                    var header = record.Header;
                    if (keys.Contains(header.Key) && (!newest.TryGetValue(header.Key, out var known) || header.Sequence >= known.Sequence))
                    {
                        newest[header.Key] = (header.Sequence, $"{disk.Root}: segment {id} at offset {record.Offset}");
                    }
                });
            }
        }

        return newest;
    }
}
