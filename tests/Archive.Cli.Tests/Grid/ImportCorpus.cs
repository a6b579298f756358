using System.Security.Cryptography;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Testing.Dicom;

namespace Archive.Cli.Tests.Grid;

/// <summary>A folder of generated Part 10 files (a few studies, small and multi-part sizes, one copy under another name, one text file, one DICOMDIR).</summary>
internal sealed class ImportCorpus : IDisposable
{
    private ImportCorpus(string folder, string patientId, IReadOnlyList<string> studies, IReadOnlyDictionary<string, byte[]> files, IReadOnlyDictionary<string, byte[]> bySop)
    {
        Folder = folder;
        PatientId = patientId;
        Studies = studies;
        Files = files;
        BySop = bySop;
    }

    public string Folder { get; }

    public string PatientId { get; }

    public IReadOnlyList<string> Studies { get; }

    /// <summary>Every DICOM object file (relative path → bytes), the duplicate copy included.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>The Part 10 bytes of each SOP Instance UID.</summary>
    public IReadOnlyDictionary<string, byte[]> BySop { get; }

    public static ImportCorpus Create(int studies, int instancesPerStudy)
    {
        var tag = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "archive-cli-import-" + tag);
        var patientId = "PID-CLI-" + tag;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var studyUids = new List<string>();
        var bySop = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var s = 0; s < studies; s++)
        {
            var study = $"1.2.826.0.1.3680043.9.7.{tag}.{s + 1}";
            studyUids.Add(study);
            for (var i = 0; i < instancesPerStudy; i++)
            {
                // Every fourth object is large enough for the erasure-coded class, the rest replicate.
                var spec = new TestDicomObjects.Spec("CLI^TEST", patientId, study, study + ".1", $"{study}.1.{i + 1}", Accession: "A" + tag, PixelSeed: (s * 100) + i, Size: i % 4 == 0 ? 200 : 48);
                files[Path.Combine("study" + s, $"im{i:D3}.dcm")] = bySop[spec.SopUid] = TestDicomObjects.Part10(spec);
            }
        }

        foreach (var (relative, bytes) in files)
        {
            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        var first = files.First();
        files[Path.Combine("copies", "same-as-first.dcm")] = first.Value;
        Directory.CreateDirectory(Path.Combine(folder, "copies"));
        File.WriteAllBytes(Path.Combine(folder, "copies", "same-as-first.dcm"), first.Value);
        File.WriteAllText(Path.Combine(folder, "README.txt"), "not DICOM");
        File.WriteAllBytes(Path.Combine(folder, "DICOMDIR"), DicomDir(tag));
        return new ImportCorpus(folder, patientId, studyUids, files, bySop);
    }

    /// <summary>The SHA-256 the archive records for a file, whoever sends it: its own Part 10 header, then the file's dataset bytes.</summary>
    public static string StoredSha256(byte[] part10)
    {
        var file = DicomFileReader.Read(part10).File;
        var header = DicomPart10Envelope.Header(file.FileMetaInformation.GetText(DicomFileMeta.MediaStorageSopClassUid)!, file.FileMetaInformation.GetText(DicomFileMeta.MediaStorageSopInstanceUid)!, file.TransferSyntax);
        return Convert.ToHexStringLower(SHA256.HashData([.. header, .. TestDicomObjects.DatasetOf(part10)]));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // left for inspection
        }
    }

    private static byte[] DicomDir(string tag)
    {
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(new DicomTag(0x0004, 0x1130), DicomVR.CS, "CLI" + tag);
        var uid = "1.2.826.0.1.3680043.9.7.99." + tag;
        return DicomFileWriter.ToBytes(new DicomFile(DicomFileMeta.Create("1.2.840.10008.1.3.10", uid, syntax), dataset, syntax), syntax);
    }
}
