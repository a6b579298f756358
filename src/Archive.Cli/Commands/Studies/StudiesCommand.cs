using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Studies;

/// <summary><c>archivectl studies [query]</c>: studies of the grid's catalog (every site) matching DICOM keys.</summary>
public static class StudiesCommand
{
    private const string Help = """
        Find studies in the grid's catalog (every site). The query argument matches the Patient ID;
        the options match other keys. DICOM matching: * and ? wildcards, date ranges 20240101-20241231.
        Exit codes: 0 at least one study, 1 none, 2 bad query, 4 node unreachable.
        JSON (--json): { truncated, studies: [ { studyInstanceUid, patientId, issuerOfPatientId, patientName, studyDate,
          accessionNumber, modalities, studyDescription, series, instances, site } ] }
        Examples:
          archivectl studies 'PID-0042'
          archivectl studies --name 'DUPONT*' --date 20240101-20241231 --modality CT
          archivectl studies --accession A123 --json | jq -r '.studies[].studyInstanceUid'
        """;

    public static Command Build()
    {
        var connection = new NodeConnection();
        var json = ReadCommandSupport.JsonOption();
        var patientId = new Argument<string>("patient-id") { Description = "Patient ID to match (wildcards allowed); omit to match any.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => string.Empty };
        var issuer = new Option<string>("--issuer") { Description = "Issuer of Patient ID." };
        var name = new Option<string>("--name") { Description = "Patient name (e.g. 'DUPONT*')." };
        var date = new Option<string>("--date") { Description = "Study date or range (YYYYMMDD, YYYYMMDD-YYYYMMDD)." };
        var accession = new Option<string>("--accession") { Description = "Accession number." };
        var modality = new Option<string>("--modality") { Description = "A modality in the study (CT, MR…)." };
        var study = new Option<string>("--study") { Description = "Study Instance UID." };
        var limit = new Option<int>("--limit") { Description = "At most this many studies (default 1000).", DefaultValueFactory = _ => 1000 };
        var command = new Command("studies", Help);
        command.Arguments.Add(patientId);
        foreach (var option in new Option[] { issuer, name, date, accession, modality, study, limit, json })
        {
            command.Options.Add(option);
        }

        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new FindStudiesRequest
            {
                PatientId = parseResult.GetValue(patientId) ?? string.Empty,
                IssuerOfPatientId = parseResult.GetValue(issuer) ?? string.Empty,
                PatientName = parseResult.GetValue(name) ?? string.Empty,
                StudyDate = parseResult.GetValue(date) ?? string.Empty,
                AccessionNumber = parseResult.GetValue(accession) ?? string.Empty,
                Modality = parseResult.GetValue(modality) ?? string.Empty,
                StudyInstanceUid = parseResult.GetValue(study) ?? string.Empty,
                Limit = parseResult.GetValue(limit),
            };
            FindStudiesReply reply;
            using (var channel = connection.Open(parseResult))
            {
                try
                {
                    reply = await channel.Lookup.FindStudiesAsync(request, channel.Call(cancellationToken)).ResponseAsync;
                }
                catch (RpcException e)
                {
                    return await ReadCommandSupport.FailAsync(parseResult, "studies", e);
                }
            }

            var output = parseResult.InvocationConfiguration.Output;
            var studies = reply.Studies.Select(s => new StudyRow(s.StudyInstanceUid, s.PatientId, s.IssuerOfPatientId, s.PatientName, s.StudyDate, s.AccessionNumber, s.Modalities, s.StudyDescription, s.Series, s.Instances, s.Site)).ToArray();
            if (parseResult.GetValue(json))
            {
                await ReadCommandSupport.WriteJsonAsync(output, new StudiesReport(reply.Truncated, studies));
            }
            else
            {
                var table = new Table().AddColumns("study instance uid", "patient id", "issuer", "name", "date", "accession", "modalities", "series", "instances", "site");
                foreach (var s in studies)
                {
                    table.AddRow(Markup.Escape(s.StudyInstanceUid), Markup.Escape(s.PatientId), Markup.Escape(s.IssuerOfPatientId), Markup.Escape(s.PatientName), s.StudyDate, Markup.Escape(s.AccessionNumber), Markup.Escape(s.Modalities), $"{s.Series}", $"{s.Instances}", Markup.Escape(s.Site));
                }

                var console = ReadCommandSupport.Console(output);
                console.Write(table);
                console.WriteLine($"{studies.Length} stud{(studies.Length == 1 ? "y" : "ies")}{(reply.Truncated ? " (more matched: narrow the query or raise --limit)" : string.Empty)}");
            }

            return studies.Length > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}

/// <summary>The <c>studies --json</c> shape (fields are only ever added).</summary>
internal sealed record StudiesReport(bool Truncated, IReadOnlyList<StudyRow> Studies);

/// <summary>One study of <c>studies --json</c>.</summary>
internal sealed record StudyRow(string StudyInstanceUid, string PatientId, string IssuerOfPatientId, string PatientName, string StudyDate, string AccessionNumber, string Modalities, string StudyDescription, int Series, int Instances, string Site);
