using System.CommandLine;
using Archive.Index;
using Archive.Storage.Recovery;
using Spectre.Console;

namespace Archive.Cli.Commands.Node;

/// <summary>
/// <c>archivectl node rebuild-index --index DIR --disk DIR... [--force]</c>: recreates the node's
/// shard index from the segment files alone, with a progress bar. The node must be stopped.
/// An existing index is replaced only with <c>--force</c>.
/// </summary>
public static class RebuildIndexCommand
{
    public static Command Build()
    {
        var index = new Option<string>("--index") { Description = "The index directory to (re)create (on the fast disk: FAST/index).", Required = true };
        var disks = NodeOptions.Disks();
        var node = NodeOptions.Node();
        var force = new Option<bool>("--force") { Description = "Delete an existing index first." };
        var command = new Command("rebuild-index", "Recreate the shard index from the segment files alone (offline).");
        command.Options.Add(index);
        command.Options.Add(disks);
        command.Options.Add(node);
        command.Options.Add(force);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.GetValue(index)!, parseResult.GetValue(disks)!, parseResult.GetValue(node), parseResult.GetValue(force),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string indexDirectory, string[] roots, string? nodeText, bool force, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!NodeOptions.TryParseNode(nodeText, out var node, error))
        {
            return ExitCodes.Usage;
        }

        if (Directory.Exists(indexDirectory) && Directory.EnumerateFileSystemEntries(indexDirectory).Any() && !force)
        {
            error.WriteLine($"{indexDirectory} is not empty; pass --force to replace it.");
            return ExitCodes.Usage;
        }

        // The disks first: a running node holds them, and its index must not be deleted under it.
        if (!NodeOptions.TryOpenDisks(roots, node, error, out var disks))
        {
            disks.ForEach(d => d.Dispose());
            return ExitCodes.Failed;
        }

        if (Directory.Exists(indexDirectory))
        {
            Directory.Delete(indexDirectory, recursive: true);
        }

        try
        {
            using var index = RocksShardIndex.Open(indexDirectory);
            RebuildReport? report = null;
            var console = DisksCommand.Console(output);
            console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("scanning segments");
                    var progress = new InlineProgress(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalBytes);
                        task.Value = p.BytesScanned;
                        task.Description = $"{p.Records} records, {p.Segments} segments";
                    });
                    report = IndexRebuilder.Rebuild(disks, index, progress, cancellationToken);
                });
            output.WriteLine($"rebuilt index: {report!.Records} records from {report.Segments} segments on {report.Disks} disks, " +
                $"{report.Bytes / (1024.0 * 1024):F1} MiB in {report.Elapsed.TotalSeconds:F1} s ({report.Records / Math.Max(report.Elapsed.TotalSeconds, 1e-3):F0} records/s)");
            if (report.InvalidTails > 0)
            {
                output.WriteLine($"{report.InvalidTails} segment(s) hold an invalid record: a torn tail is cut at the next start, damage with valid records after it is skipped and its shard indexed as corrupt for repair; run 'node verify'.");
            }

            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var disk in disks)
            {
                disk.Dispose();
            }
        }
    }

    /// <summary>Reports synchronously on the rebuilding thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<RebuildProgress> report) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => report(value);
    }
}
