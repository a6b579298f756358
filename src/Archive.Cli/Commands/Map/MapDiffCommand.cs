using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Archive.Grid.Map;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Map;

/// <summary><c>archivectl map diff FILE</c>: what applying a map file would change, against the map in force on a node.</summary>
internal static class MapDiffCommand
{
    private const string Help = """
        Compare a map file with the map in force on a node: epoch, policy, storage classes, nodes and disks
        added, removed or changed. Run it before `map apply`.
        Exit codes: 0 the file would apply (higher epoch, same cluster), 1 it would be refused (epoch not raised or
        another cluster), 3 the file is not a valid map, 4 node unreachable.
        JSON (--json): [ { kind, change, subject, before, after } ]
        Examples:
          archivectl map show > map.json && $EDITOR map.json && archivectl map diff map.json
          archivectl map diff map.json --json | jq -r '.[] | select(.kind == "disk") | .subject'
        """;

    public static Command Build()
    {
        var connection = new NodeConnection();
        var json = ReadCommandSupport.JsonOption();
        var file = new Argument<FileInfo>("file") { Description = "The proposed map (JSON)." };
        var command = new Command("diff", Help);
        command.Arguments.Add(file);
        command.Options.Add(json);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            GridMap proposed;
            try
            {
                proposed = GridMapJson.Parse(await File.ReadAllTextAsync(parseResult.GetValue(file)!.FullName, cancellationToken));
            }
            catch (Exception e) when (e is GridMapException or IOException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"map diff: {e.Message}");
                return ExitCodes.BadInput;
            }

            GridMap current;
            using (var channel = connection.Open(parseResult))
            {
                try
                {
                    current = GridMapJson.Parse((await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken))).MapJson);
                }
                catch (RpcException e)
                {
                    return await ReadCommandSupport.FailAsync(parseResult, "map diff", e);
                }
            }

            var changes = MapDiff.Compare(current, proposed);
            if (parseResult.GetValue(json))
            {
                await ReadCommandSupport.WriteJsonAsync(output, changes);
            }
            else
            {
                var table = new Table().AddColumns("kind", "change", "subject", "in force", "proposed");
                foreach (var c in changes)
                {
                    table.AddRow(c.Kind, c.Change, Markup.Escape(c.Subject), Markup.Escape(c.Before ?? "-"), Markup.Escape(c.After ?? "-"));
                }

                ReadCommandSupport.Console(output).Write(table);
            }

            return changes.Any(c => c.Kind == "cluster" || c.Change == "not-raised") ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }
}
