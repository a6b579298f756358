using System.Buffers;
using Archive.Dicom.Network.Pdu;
using BenchmarkDotNet.Attributes;

namespace Archive.Bench.Network;

/// <summary>One P-DATA-TF PDU carrying one 16 KiB dataset PDV: framing + PDV parse, and fragment write. Allocations per PDU should be zero.</summary>
[MemoryDiagnoser]
public class PData_16K
{
    private readonly byte[] _pdu;
    private readonly byte[] _data = new byte[16 * 1024 - 6];
    private readonly ArrayBufferWriter<byte> _output = new(32 * 1024);

    public PData_16K()
    {
        var writer = new ArrayBufferWriter<byte>();
        PDataWriter.WriteFragment(writer, 1, isCommand: false, isLast: false, new byte[16 * 1024 - 6]);
        _pdu = writer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public long Parse()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_pdu));
        PduFrame.TryRead(ref reader, PduLimits.Default, out var frame);
        var body = new SequenceReader<byte>(frame.Body);
        long total = 0;
        while (Pdv.TryRead(ref body, out var pdv))
        {
            total += pdv.Data.Length;
        }

        return total;
    }

    [Benchmark]
    public int Write()
    {
        _output.ResetWrittenCount();
        PDataWriter.WriteFragment(_output, 1, isCommand: false, isLast: false, _data);
        return _output.WrittenCount;
    }
}
