using System.IO.Compression;
using Archive.Codec.Compression;
using BenchmarkDotNet.Attributes;

namespace Archive.Bench.Codec;

/// <summary>One 512×512 CT slice (~0.5 MiB): plain zstd-1, the byte-plane container, zlib.</summary>
[MemoryDiagnoser]
public class Compress_CtSlice_512
{
    private readonly byte[] _slice = SyntheticStudy.Slice(512, 512, 7);
    private readonly ObjectCompressor _compressor = new(1);
    private readonly ZstdSharp.Compressor _zstd = new(1);
    private byte[] _output = [];
    private MemoryStream _zlibOut = new();

    [GlobalSetup]
    public void Setup()
    {
        _output = new byte[ObjectCompressor.MaxContainerLength(_slice.Length)];
        _zlibOut = new MemoryStream(_slice.Length);
    }

    [Benchmark(Baseline = true)]
    public int Zstd1() => _zstd.Wrap(_slice, _output);

    [Benchmark]
    public long ContainerWithBytePlane() =>
        _compressor.Compress(_slice, _output, new PixelRegion(SyntheticStudy.HeaderLength, _slice.Length - SyntheticStudy.HeaderLength, 512)).ContainerLength;

    [Benchmark]
    public long Zlib()
    {
        _zlibOut.SetLength(0);
        using (var z = new ZLibStream(_zlibOut, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(_slice);
        }

        return _zlibOut.Length;
    }
}
