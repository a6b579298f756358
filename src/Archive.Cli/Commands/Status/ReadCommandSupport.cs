using System.CommandLine;
using System.Text.Json;
using Archive.Cli.Commands.Grid;
using System.Text.Json.Serialization;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Status;

/// <summary>
/// What the read commands share: the <c>--json</c> option and its serializer (camelCase names,
/// enums as camelCase strings, times as ISO 8601 UTC; fields are only ever added), the console
/// tables are written to, and the one map from an RPC failure to an exit code.
/// </summary>
internal static class ReadCommandSupport
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Refuses, as a usage error (exit 2), a value that is not a DICOM UID: digits and dots, at most 64 characters.</summary>
    public static void MustBeUid(Argument<string> argument) =>
        argument.Validators.Add(r => UidProblem(argument.Name, r.GetValueOrDefault<string>(), r.AddError));

    /// <summary><see cref="MustBeUid(Argument{string})"/> for an option; absent is fine.</summary>
    public static void MustBeUid(Option<string?> option) =>
        option.Validators.Add(r => UidProblem(option.Name, r.GetValueOrDefault<string?>(), r.AddError));

    private static void UidProblem(string name, string? value, Action<string> addError)
    {
        if (value is not null && !(value.Length is > 0 and <= 64 && value.Split('.').All(c => c.Length > 0 && c.All(char.IsAsciiDigit))))
        {
            addError($"{name} '{value}' is not a UID (digits and dots, at most 64 characters)");
        }
    }

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON for scripts instead of tables (stable shape: fields are only ever added)." };

    /// <summary>
    /// A console over the command's output (no colours, no prompts: output is often piped), as wide
    /// as the terminal, or 200 columns when there is none, so that UIDs are not folded.
    /// </summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = !System.Console.IsOutputRedirected && System.Console.WindowWidth > 0 ? Math.Max(System.Console.WindowWidth, 120) : 200;
        return console;
    }

    public static Task WriteJsonAsync<T>(TextWriter output, T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    /// <summary>
    /// Reports a failed call and returns its exit code: bad request or credentials the node refuses (a wrong --cluster or
    /// --secret) → Usage, not found → Failed, anything else → Unreachable.
    /// </summary>
    public static async Task<int> FailAsync(ParseResult parseResult, string command, RpcException e)
    {
        await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{command}: {Describe(e)}{Hint(parseResult, e)}");
        return e.StatusCode switch
        {
            StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated => ExitCodes.Usage,
            StatusCode.NotFound => ExitCodes.Failed,
            _ => ExitCodes.Unreachable,
        };
    }

    /// <summary>
    /// A failed call's status in words: gRPC reports a connection not set up within the connect timeout as "Cancelled"
    /// with no detail (sweep X2: `status: Cancelled: ` on a loaded machine, its TLS handshakes slow).
    /// </summary>
    public static string Describe(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode == StatusCode.Cancelled && string.IsNullOrEmpty(e.Status.Detail)
            ? "Cancelled: no connection within the connect timeout (the node overloaded, or its TLS handshake stalled)"
            : $"{e.StatusCode}: {e.Status.Detail}";
    }

    /// <summary>What to check, after a failed call's status: the credentials, the CA, the URL's scheme or the node's address.</summary>
    private static string Hint(ParseResult parseResult, RpcException e)
    {
        if (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            return " (check --cluster and --secret)";
        }

        var cause = e.Status.DebugException?.GetBaseException();
        var node = parseResult.CommandResult.Command.Options.Any(o => o.Name == "--node") ? parseResult.GetValue<string>("--node") : null;
        if (cause is System.Security.Authentication.AuthenticationException tls)
        {
            // A plain gRPC port answers a TLS hello with bytes that are no TLS record (sweep U: the CA was blamed), and an
            // expired certificate is no fault of the CA (sweep T).
            return tls.Message.Contains("frame", StringComparison.Ordinal) ? $" (the node at {node} does not speak TLS on that port: use http://, or its TLS port)"
                : tls.Message.Contains("NotTimeValid", StringComparison.Ordinal) ? " (the node's certificate has expired or is not valid yet: renew it)"
                : " (--ca or ARCHIVE_CA names the CA the node's certificate chains to)";
        }

        if (e.StatusCode != StatusCode.Unavailable || node is null)
        {
            return string.Empty;
        }

        // A TLS port answers a plain HTTP/2 preface by closing (sweep T: "nothing answers" was said of a running node); it
        // does not reset the connection, which a node killed or restarting under the call does (sweep H-3: TLS was blamed).
        return cause is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset }
            ? $" (the node at {node} reset the connection: it may have stopped or be restarting; is it running?)"
            : e.Status.Detail.Contains("HTTP/2 handshake", StringComparison.Ordinal) && node.StartsWith("http://", StringComparison.Ordinal)
            ? $" (the node at {node} did not answer as plain gRPC: if it serves TLS, use https://)"
            : $" (nothing answers at {node}{(cause is null ? string.Empty : ": " + cause.Message)}; is the node running, and is that its gRPC URL?)";
    }

    /// <summary>
    /// A read command over one survey of the whole grid (<see cref="GridSurvey"/>); see <see cref="ReadCommand"/>.
    /// </summary>
    public static Command SurveyCommand<TView>(string name, string displayName, string help, Func<GridSurvey, TView> view, Action<TView, GridSurvey, IAnsiConsole> render, Func<TView, GridSurvey, bool> healthy) =>
        ReadCommand(name, displayName, help, GridSurvey.TakeAsync, view, render, healthy);

    /// <summary>
    /// A read command: the node connection and <c>--json</c> options, <paramref name="fetch"/> (a failed call becomes
    /// its exit code), then <paramref name="view"/> printed as JSON or by <paramref name="render"/>; exit Ok when
    /// <paramref name="healthy"/> holds, else Failed.
    /// </summary>
    public static Command ReadCommand<TData, TView>(string name, string displayName, string help, Func<NodeConnection, ParseResult, CancellationToken, Task<TData>> fetch, Func<TData, TView> view, Action<TView, TData, IAnsiConsole> render, Func<TView, TData, bool> healthy)
    {
        var connection = new NodeConnection();
        var json = JsonOption();
        var command = new Command(name, help);
        connection.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TData data;
            try
            {
                data = await fetch(connection, parseResult, cancellationToken);
            }
            catch (RpcException e)
            {
                return await FailAsync(parseResult, displayName, e);
            }

            var result = view(data);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(output, result);
            }
            else
            {
                render(result, data, Console(output));
            }

            return healthy(result, data) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    public static DateTimeOffset? FromUnixMs(long ms) => ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>A size for people; a negative one is a size the node does not know (a lost disk's free space).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 0 => "unknown",
        >= 1L << 40 => $"{bytes / (double)(1L << 40):0.0} TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
