using System.Buffers;
using System.Diagnostics;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using SharpFuzz;

namespace Archive.Fuzz;

/// <summary>
/// Fuzz target for the DICOM upper layer: frames every PDU of the input, parses each by type (A-ASSOCIATE-RQ/AC with
/// all items, RJ, abort, P-DATA PDVs and their command sets). Only <see cref="DicomProtocolException"/> is expected.
/// Entry (<see cref="Run(string[])"/>): <c>Archive.Fuzz pdu [--short [--seconds N] | --write-seeds DIR]</c>; without options, the AFL++ target.
/// </summary>
internal static class PduTarget
{
    private static readonly PduLimits Limits = new(MaxDataPduLength: 1 << 20, MaxAssociatePduLength: 1 << 18);

    public static int Run(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--write-seeds")
        {
            Directory.CreateDirectory(args[1]);
            foreach (var (name, bytes) in Seeds())
            {
                File.WriteAllBytes(Path.Combine(args[1], name + ".pdu"), bytes);
            }

            return 0;
        }

        if (args.Length >= 1 && args[0] == "--short")
        {
            int seconds = args.Length >= 3 && args[1] == "--seconds" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
            return ShortPass(TimeSpan.FromSeconds(seconds));
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }

    public static void Run(ReadOnlySpan<byte> input)
    {
        var sequence = new ReadOnlySequence<byte>(input.ToArray());
        try
        {
            var reader = new SequenceReader<byte>(sequence);
            while (true)
            {
                var peek = reader;
                if (!PduFrame.TryRead(ref peek, Limits, out var frame))
                {
                    break;
                }

                Parse(ref reader, frame);
                reader = peek;
            }
        }
        catch (DicomProtocolException)
        {
        }
    }

    private static void Parse(ref SequenceReader<byte> reader, PduFrame frame)
    {
        switch (frame.Type)
        {
            case PduType.AssociateRequest:
                PduReader.TryReadAssociateRequest(ref reader, Limits, out var rq);
                PduWriter.WriteAssociateRequest(new ArrayBufferWriter<byte>(), rq with { CalledAeTitle = Trim(rq.CalledAeTitle), CallingAeTitle = Trim(rq.CallingAeTitle) });
                break;
            case PduType.AssociateAccept:
                PduReader.TryReadAssociateAccept(ref reader, Limits, out _);
                break;
            case PduType.AssociateReject:
                PduReader.TryReadAssociateReject(ref reader, Limits, out _);
                break;
            case PduType.Abort:
                PduReader.TryReadAbort(ref reader, Limits, out _);
                break;
            case PduType.PData:
                var body = new SequenceReader<byte>(frame.Body);
                while (Pdv.TryRead(ref body, out var pdv))
                {
                    if (pdv.IsCommand && pdv.IsLast)
                    {
                        CommandSetCodec.Decode(pdv.Data);
                    }
                }

                break;
        }
    }

    private static string Trim(string ae) => ae.Length > 16 ? ae[..16] : ae;

    private static List<(string Name, byte[] Bytes)> Seeds()
    {
        var rq = new AssociateRequest(
            "ARCHIVE",
            "MODALITY",
            [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]), new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.70"])],
            new UserInformation(16384, "1.2.3.4", "FUZZ", new AsyncOperationsWindow(1, 1), [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)],
                new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, "u"u8.ToArray(), "p"u8.ToArray()), null,
                [new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] { 1 })],
                [new SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.4.2", ["1.2.840.10008.5.1.4.1.1.2.1"])]));
        var ac = new AssociateAccept("ARCHIVE", "MODALITY", [new PresentationContextResult(1, PresentationContextOutcome.Acceptance, "1.2.840.10008.1.2")], new UserInformation(16384, "1.2.3.4", UserIdentityResponse: new UserIdentityResponse(new byte[] { 1 })));
        var echo = CommandSetCodec.Encode(new DimseCommand { CommandField = DimseCommandField.CEchoRequest, MessageId = 1, AffectedSopClassUid = "1.2.840.10008.1.1" });
        return
        [
            ("rq", Write(w => PduWriter.WriteAssociateRequest(w, rq))),
            ("ac", Write(w => PduWriter.WriteAssociateAccept(w, ac))),
            ("rj", Write(w => PduWriter.WriteAssociateReject(w, new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, 3)))),
            ("abort", Write(w => PduWriter.WriteAbort(w, new AAbort(AbortSource.ServiceProvider, 2)))),
            ("release", Write(w => { PduWriter.WriteReleaseRequest(w); PduWriter.WriteReleaseResponse(w); })),
            ("pdata", Write(w => { PDataWriter.WriteFragment(w, 1, true, true, echo); PDataWriter.WriteFragment(w, 1, false, true, new byte[64]); })),
        ];
    }

    private static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static int ShortPass(TimeSpan budget)
    {
        var seeds = Seeds();
        var random = new Random(20261128);
        var total = Stopwatch.StartNew();
        long executions = 0;
        byte[] input = [];
        try
        {
            foreach (var (_, bytes) in seeds)
            {
                input = bytes;
                Run(input);
                executions++;
            }

            while (total.Elapsed < budget)
            {
                input = Mutator.Mutate(seeds[random.Next(seeds.Count)].Bytes, random);
                Run(input);
                executions++;
            }
        }
        catch (Exception e)
        {
            string path = Path.Combine(Path.GetTempPath(), $"fuzz-pdu-crash-{executions}.pdu");
            File.WriteAllBytes(path, input);
            Console.Error.WriteLine($"fuzz-pdu: unexpected {e.GetType().Name} on input {path}: {e}");
            return 1;
        }

        Console.WriteLine($"fuzz-pdu: {executions} inputs in {total.Elapsed.TotalSeconds:F0} s, no unexpected exception");
        return executions >= 2000 ? 0 : 1;
    }
}
