using System.CommandLine;
using System.Globalization;
using Archive.Dicom.Dictionary;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Dicom;

/// <summary>Query options shared by find and move: model, level and <c>-k Keyword=value</c> keys, encoded as an identifier.</summary>
internal sealed class FindCommandIdentifier
{
    public Option<string> Model { get; } = new("--model") { Description = "Information model: study or patient.", DefaultValueFactory = _ => "study" };

    public Option<string> Level { get; } = new("--level") { Description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE.", DefaultValueFactory = _ => "STUDY" };

    public Option<string[]> Keys { get; } = new("--key", "-k") { Description = "Keyword=value or gggg,eeee=value; a bare keyword asks for that attribute back.", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Level);
        command.Options.Add(Keys);
    }

    /// <summary>The SOP class for <paramref name="kind"/> ("find" or "move") under the chosen model.</summary>
    public string SopClass(ParseResult parseResult, string kind)
    {
        bool patient = string.Equals(parseResult.GetValue(Model), "patient", StringComparison.OrdinalIgnoreCase);
        return (kind, patient) switch
        {
            ("find", true) => ServiceUids.PatientRootFind,
            ("find", false) => ServiceUids.StudyRootFind,
            (_, true) => ServiceUids.PatientRootMove,
            _ => ServiceUids.StudyRootMove,
        };
    }

    /// <summary>Builds the identifier dataset; throws <see cref="ArgumentException"/> on an unknown keyword.</summary>
    public DicomDataset Build(ParseResult parseResult)
    {
        var dataset = new DicomDataset();
        dataset.AddOrReplace(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0052), DicomVR.CS, parseResult.GetValue(Level)!.ToUpperInvariant()));
        foreach (string key in parseResult.GetValue(Keys) ?? [])
        {
            int eq = key.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? key : key[..eq];
            string value = eq < 0 ? string.Empty : key[(eq + 1)..];
            var entry = Resolve(name) ?? throw new ArgumentException($"unknown attribute '{name}'");
            dataset.AddOrReplace(DicomValueElement.FromAscii(entry.Tag, entry.VR, value));
        }

        return dataset;
    }

    /// <summary>
    /// The common start of find and move: builds the identifier, connects to the peer proposing the
    /// query model, and checks the model was accepted. On failure the exit code is set and nothing is
    /// left open; on success the caller owns (and disposes) the client.
    /// </summary>
    public async Task<QuerySession> OpenAsync(ParseResult parseResult, EchoCommandPeer peer, string kind, TextWriter error, CancellationToken cancellationToken)
    {
        DicomDataset identifier;
        try
        {
            identifier = Build(parseResult);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return new QuerySession(null, null, null, null, ExitCodes.Usage);
        }

        string model = SopClass(parseResult, kind);
        var (client, code) = await peer.ConnectAsync(parseResult, new PresentationContextList().Add(model), error, cancellationToken);
        if (client is null)
        {
            return new QuerySession(null, null, null, identifier, code);
        }

        if (client.FindContext(model) is not { } context)
        {
            await error.WriteLineAsync($"the peer refused the {(kind == "find" ? "query" : "retrieve")} model");
            await client.DisposeAsync();
            return new QuerySession(null, null, null, identifier, ExitCodes.Failed);
        }

        return new QuerySession(client, model, context, identifier, ExitCodes.Ok);
    }

    /// <summary>Encodes <paramref name="dataset"/> in <paramref name="transferSyntaxUid"/>.</summary>
    public static byte[] Encode(DicomDataset dataset, string transferSyntaxUid) => DicomDatasetBytes.Encode(dataset, DicomTransferSyntax.Lookup(transferSyntaxUid));

    /// <summary>Decodes a response identifier for printing.</summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> bytes, string transferSyntaxUid) => DicomDatasetBytes.Decode(bytes, DicomTransferSyntax.Lookup(transferSyntaxUid));

    private static DicomDictionaryEntry? Resolve(string name)
    {
        if (DicomDictionary.TryGetByKeyword(name, out var byKeyword))
        {
            return byKeyword;
        }

        var parts = name.Split(',');
        if (parts.Length == 2
            && ushort.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ushort group)
            && ushort.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ushort element)
            && DicomDictionary.TryGet(new DicomTag(group, element), out var byTag))
        {
            return byTag;
        }

        return null;
    }
}

/// <summary>An open query association (<see cref="Client"/> set), or why there is none (<see cref="ExitCode"/>).</summary>
internal sealed record QuerySession(DicomClient? Client, string? Model, PresentationContext? Context, DicomDataset? Identifier, int ExitCode);
