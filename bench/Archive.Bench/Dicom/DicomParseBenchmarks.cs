using Archive.Dicom.IO;
using BenchmarkDotNet.Attributes;

namespace Archive.Bench.Dicom;

/// <summary>
/// Part 10 reading by shape. HeaderOnly_* stop before Pixel Data: their allocations must not grow
/// with the pixel data (the 100 MB object must cost about what the CT slice costs). FullParse_*
/// read everything: divide the object size by the time for MB/s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class DicomParseBenchmarks
{
    private byte[] _ct = [];
    private byte[] _us = [];

    [GlobalSetup]
    public void Setup()
    {
        _ct = DicomBenchFiles.CtSlice();
        _us = DicomBenchFiles.UltrasoundMultiFrame();
    }

    [Benchmark]
    public async Task<long?> HeaderOnly_CT_512x512_Stream() =>
        (await DicomFileReader.ReadHeaderAsync(new MemoryStream(_ct, writable: false))).PixelDataOffset;

    [Benchmark]
    public async Task<long?> HeaderOnly_US_100MB_Stream() =>
        (await DicomFileReader.ReadHeaderAsync(new MemoryStream(_us, writable: false))).PixelDataOffset;

    [Benchmark]
    public long? HeaderOnly_CT_512x512_Memory() =>
        DicomFileReader.Read(_ct, DicomReaderOptions.Default.HeaderOnly()).PixelDataOffset;

    [Benchmark]
    public int FullParse_CT_512x512_Memory() => DicomFileReader.Read(_ct).File.Dataset.Count;

    [Benchmark]
    public async Task<int> FullParse_CT_512x512_Stream() =>
        (await DicomFileReader.ReadAsync(new MemoryStream(_ct, writable: false))).Dataset.Count;

    [Benchmark]
    public int FullParse_US_100MB_Memory() => DicomFileReader.Read(_us).File.Dataset.Count;

    [Benchmark]
    public async Task<int> FullParse_US_100MB_Stream() =>
        (await DicomFileReader.ReadAsync(new MemoryStream(_us, writable: false))).Dataset.Count;
}
