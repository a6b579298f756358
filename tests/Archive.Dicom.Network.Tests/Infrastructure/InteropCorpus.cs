using Archive.Testing.Dcmtk;
using System.Globalization;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// DICOM files made once per test run with dcmtk (dump2dcm from text dumps, dcmcjpeg, dcmcrle): several SOP
/// classes and transfer syntaxes, small and large. Deleted on dispose.
/// </summary>
public sealed class InteropCorpus : IAsyncLifetime
{
    public const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    public const string MrImage = "1.2.840.10008.5.1.4.1.1.4";
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    public const string StudyUid = "1.2.826.0.1.3680043.10.1001.1";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "archive-net-corpus-" + Guid.NewGuid().ToString("N")[..8]);

    public List<string> Files { get; } = [];

    public string LargeFile { get; private set; } = "";

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        for (int i = 1; i <= 6; i++)
        {
            Files.Add(await MakeAsync($"ct{i}", CtImage, $"1.2.826.0.1.3680043.10.1001.2.{i}", 64, "+ti", "2", "CT"));
        }

        for (int i = 1; i <= 4; i++)
        {
            Files.Add(await MakeAsync($"mr{i}", MrImage, $"1.2.826.0.1.3680043.10.1001.3.{i}", 128, "+te", "3", "MR"));
        }

        Files.Add(await MakeAsync("sc1", SecondaryCapture, "1.2.826.0.1.3680043.10.1001.4.1", 32, "+te", "4", "OT"));
        LargeFile = await MakeAsync("big", CtImage, "1.2.826.0.1.3680043.10.1001.5.1", 512, "+te", "5", "CT");
        Files.Add(LargeFile);
        for (int i = 1; i <= 2; i++)
        {
            string source = await MakeAsync($"src{i}", CtImage, $"1.2.826.0.1.3680043.10.1001.6.{i}", 64, "+te", "6", "CT");
            string jpeg = Path.Combine(Directory, $"jpll{i}.dcm");
            await Run("dcmcjpeg", ["+e1", source, jpeg]);
            Files.Add(jpeg);
            string rleSource = await MakeAsync($"rsrc{i}", CtImage, $"1.2.826.0.1.3680043.10.1001.7.{i}", 64, "+te", "7", "CT");
            string rle = Path.Combine(Directory, $"rle{i}.dcm");
            await Run("dcmcrle", [rleSource, rle]);
            Files.Add(rle);
            File.Delete(source);
            File.Delete(rleSource);
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<string> MakeAsync(string name, string sopClass, string sopInstance, int size, string transferOption, string series, string modality)
    {
        string raw = Path.Combine(Directory, name + ".raw");
        var pixels = new byte[size * size * 2];
        var random = new Random(sopInstance.GetHashCode(StringComparison.Ordinal));
        for (int i = 0; i < pixels.Length; i += 2)
        {
            int v = ((i / 2 % size) * 7 + (i / 2 / size) * 3 + random.Next(0, 4)) & 0x0FFF;
            pixels[i] = (byte)v;
            pixels[i + 1] = (byte)(v >> 8);
        }

        await File.WriteAllBytesAsync(raw, pixels);
        string dump = Path.Combine(Directory, name + ".txt");
        string s = size.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(dump, $"""
            (0008,0016) UI [{sopClass}]
            (0008,0018) UI [{sopInstance}]
            (0008,0020) DA [20240102]
            (0008,0060) CS [{modality}]
            (0010,0010) PN [Test^Patient]
            (0010,0020) LO [PID-1]
            (0020,000d) UI [{StudyUid}]
            (0020,000e) UI [{StudyUid}.{series}]
            (0020,0013) IS [1]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US {s}
            (0028,0011) US {s}
            (0028,0100) US 16
            (0028,0101) US 12
            (0028,0102) US 11
            (0028,0103) US 0
            (7fe0,0010) OW ={raw}

            """);
        string output = Path.Combine(Directory, name + ".dcm");
        await Run("dump2dcm", [transferOption, dump, output]);
        File.Delete(raw);
        File.Delete(dump);
        return output;
    }

    private static async Task Run(string tool, string[] args)
    {
        var result = await DcmtkTool.RunAsync(tool, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {result.Output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<InteropCorpus>
{
    public const string Name = "dcmtk interop";
}
