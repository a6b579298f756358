using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Grpc.Core;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// Before an import sends or moves anything: the node that reconciles it must answer with these credentials. Sweep I:
/// a wrong --secret let a whole migration run, then ended it with exit 4 and no report.
/// </summary>
internal static class ImportPreflight
{
    /// <summary>Null when the node answers; otherwise the exit code, the reason written to the error output.</summary>
    public static async Task<int?> CheckNodeAsync(NodeConnection connection, ParseResult parseResult, CancellationToken cancellationToken)
    {
        try
        {
            using var channel = connection.Open(parseResult);
            await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken));
            return null;
        }
        catch (RpcException e) when (IsInterruption(e, cancellationToken))
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync("import: interrupted before anything was sent");
            return ExitCodes.Failed;
        }
        catch (RpcException e)
        {
            return await ReadCommandSupport.FailAsync(parseResult, "import: the archive node that reconciles the import (nothing was sent)", e);
        }
    }

    /// <summary>
    /// True when <paramref name="e"/> is the run's own Ctrl-C: a node call it cancels fails as an RPC, which must end the run
    /// interrupted (exit 1, resumable), not blame the node (exit 4, sweep H-2).
    /// </summary>
    public static bool IsInterruption(Exception e, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };

    /// <summary>A reconciliation whose node call failed after the import ran: said on the error output and listed as a problem; returns the exit code.</summary>
    public static async Task<int> ReconciliationFailedAsync(ParseResult parseResult, ImportProgress progress, RpcException e)
    {
        progress.Problem("archive", $"reconciliation not possible: {Status.ReadCommandSupport.Describe(e)}");
        return await ReadCommandSupport.FailAsync(parseResult, "import: reconciliation not possible", e);
    }
}
