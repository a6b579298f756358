using System.Globalization;
using Archive.Dicom.Dictionary;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Uids;

namespace CorpusGenerator;

/// <summary>Where one object sits in the corpus: its patient, study and series.</summary>
public sealed record ObjectContext(CorpusPatient Patient, string StudyUid, string SeriesUid, string SopInstanceUid, int StudyIndex, int SeriesNumber, int InstanceNumber, DateTime StudyDate, string Accession);

/// <summary>
/// Builds realistic single objects (CT, MR, CR, multi-frame US, Comprehensive SR) with the modules a
/// PACS sends: patient (with issuer), study, series, equipment, image pixel, SOP common. Pixel data
/// is a deterministic pattern with noise, so it compresses like real images rather than like zeros.
/// </summary>
public static class SyntheticObjectFactory
{
    public static DicomFile Ct(ObjectContext c, Random random, int size = 512) =>
        Image(c, random, DicomUids.CTImageStorage, "CT", size, size, 1, 1, signed: true, DicomTransferSyntax.ExplicitVRLittleEndian,
            b => b.DS(DicomTags.SliceThickness, 1.25).DS(DicomTags.KVP, 120).Text(DicomTags.BodyPartExamined, DicomVR.CS, "HEAD")
                .DS(DicomTags.ImagePositionPatient, -125, -125, c.InstanceNumber * 1.25).DS(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
                .DS(DicomTags.PixelSpacing, 0.488281, 0.488281).DS(DicomTags.RescaleIntercept, -1024).DS(DicomTags.RescaleSlope, 1)
                .DS(DicomTags.WindowCenter, 40).DS(DicomTags.WindowWidth, 400));

    public static DicomFile Mr(ObjectContext c, Random random) =>
        Image(c, random, DicomUids.MRImageStorage, "MR", 256, 256, 1, 1, signed: false, DicomTransferSyntax.ImplicitVRLittleEndian,
            b => b.DS(DicomTags.SliceThickness, 5).DS(DicomTags.RepetitionTime, 500).DS(DicomTags.EchoTime, 15)
                .DS(DicomTags.MagneticFieldStrength, 1.5).Text(DicomTags.ScanningSequence, DicomVR.CS, "SE")
                .DS(DicomTags.ImagePositionPatient, -120, -120, c.InstanceNumber * 5.0).DS(DicomTags.PixelSpacing, 0.9375, 0.9375));

    public static DicomFile Cr(ObjectContext c, Random random) =>
        Image(c, random, DicomUids.ComputedRadiographyImageStorage, "CR", 2140, 1760, 1, 1, signed: false, DicomTransferSyntax.ExplicitVRLittleEndian,
            b => b.Text(DicomTags.BodyPartExamined, DicomVR.CS, "CHEST").Text(DicomTags.ViewPosition, DicomVR.CS, "PA").DS(DicomTags.ImagerPixelSpacing, 0.2, 0.2));

    /// <summary>A multi-frame RGB ultrasound cine of <paramref name="frames"/> 640×480 frames (900 KiB each).</summary>
    public static DicomFile Ultrasound(ObjectContext c, Random random, int frames) =>
        Image(c, random, DicomUids.UltrasoundMultiframeImageStorage, "US", 480, 640, 3, frames, signed: false, DicomTransferSyntax.ExplicitVRLittleEndian,
            b => b.IS(DicomTags.NumberOfFrames, frames).DS(DicomTags.FrameTime, 33.3).Text(DicomTags.BodyPartExamined, DicomVR.CS, "ABDOMEN")
                .Bytes(DicomTags.FrameIncrementPointer, DicomVR.AT, [0x18, 0x00, 0x63, 0x10]));

    /// <summary>A small Comprehensive SR report (a few KB) with a nested content tree, deflated.</summary>
    public static DicomFile StructuredReport(ObjectContext c, Random random)
    {
        var ds = Common(c, DicomUids.ComprehensiveSRStorage, "SR");
        var b = new DatasetBuilder(ds);
        var finding = random.Next(3) switch { 0 => "No acute intracranial abnormality.", 1 => "Small nodule in the right upper lobe, follow-up advised.", _ => "Normal study." };
        b.Text(DicomTags.ValueType, DicomVR.CS, "CONTAINER").Text(DicomTags.ContinuityOfContent, DicomVR.CS, "SEPARATE")
            .Text(DicomTags.CompletionFlag, DicomVR.CS, "COMPLETE").Text(DicomTags.VerificationFlag, DicomVR.CS, "UNVERIFIED")
            .Sequence(DicomTags.ConceptNameCodeSequence, false, DatasetBuilder.Code("18748-4", "LN", "Diagnostic Imaging Report"))
            .Sequence(DicomTags.ContentSequence, true,
                item => item.Text(DicomTags.RelationshipType, DicomVR.CS, "CONTAINS").Text(DicomTags.ValueType, DicomVR.CS, "TEXT")
                    .Sequence(DicomTags.ConceptNameCodeSequence, false, DatasetBuilder.Code("121071", "DCM", "Finding"))
                    .Text(DicomTags.TextValue, DicomVR.UT, finding),
                item => item.Text(DicomTags.RelationshipType, DicomVR.CS, "CONTAINS").Text(DicomTags.ValueType, DicomVR.CS, "TEXT")
                    .Sequence(DicomTags.ConceptNameCodeSequence, false, DatasetBuilder.Code("121106", "DCM", "Comment"))
                    .Text(DicomTags.TextValue, DicomVR.UT, $"Rapport validé par Dr {c.Patient.Institution}."));
        return Wrap(ds, DicomUids.ComprehensiveSRStorage, c.SopInstanceUid, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
    }

    private static DicomFile Image(ObjectContext c, Random random, string sopClass, string modality, int rows, int columns, int samples, int frames, bool signed, DicomTransferSyntax syntax, Action<DatasetBuilder> specific)
    {
        var ds = Common(c, sopClass, modality);
        var b = new DatasetBuilder(ds);
        specific(b);
        var bits = samples == 3 ? (ushort)8 : (ushort)16;
        b.Text(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL")
            .US(DicomTags.SamplesPerPixel, (ushort)samples)
            .Text(DicomTags.PhotometricInterpretation, DicomVR.CS, samples == 3 ? "RGB" : "MONOCHROME2")
            .US(DicomTags.Rows, (ushort)rows).US(DicomTags.Columns, (ushort)columns)
            .US(DicomTags.BitsAllocated, bits).US(DicomTags.BitsStored, samples == 3 ? (ushort)8 : (ushort)12).US(DicomTags.HighBit, samples == 3 ? (ushort)7 : (ushort)11)
            .US(DicomTags.PixelRepresentation, signed ? (ushort)1 : (ushort)0);
        if (samples == 3)
        {
            b.US(DicomTags.PlanarConfiguration, 0);
        }

        var pixels = bits == 8 ? PixelPatterns.UltrasoundFrames(random, rows, columns, frames) : PixelPatterns.Slice(random, rows, columns, c.InstanceNumber, signed);
        b.Bytes(DicomTag.PixelData, bits == 8 ? DicomVR.OB : DicomVR.OW, pixels);
        return Wrap(ds, sopClass, c.SopInstanceUid, syntax);
    }

    private static DicomDataset Common(ObjectContext c, string sopClass, string modality)
    {
        var ds = new DicomDataset();
        var p = c.Patient;
        var date = c.StudyDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = c.StudyDate.ToString("HHmmss", CultureInfo.InvariantCulture);
        new DatasetBuilder(ds)
            .Text(DicomTags.SpecificCharacterSet, DicomVR.CS, p.SpecificCharacterSet)
            .Uid(DicomTags.SOPClassUID, sopClass).Uid(DicomTags.SOPInstanceUID, c.SopInstanceUid)
            .Text(DicomTags.StudyDate, DicomVR.DA, date).Text(DicomTags.SeriesDate, DicomVR.DA, date).Text(DicomTags.ContentDate, DicomVR.DA, date)
            .Text(DicomTags.StudyTime, DicomVR.TM, time).Text(DicomTags.SeriesTime, DicomVR.TM, time).Text(DicomTags.ContentTime, DicomVR.TM, time)
            .Text(DicomTags.AccessionNumber, DicomVR.SH, c.Accession).Text(DicomTags.Modality, DicomVR.CS, modality)
            .Text(DicomTags.Manufacturer, DicomVR.LO, "ARCHIVE SYNTHETIC").Text(DicomTags.InstitutionName, DicomVR.LO, p.Institution)
            .Text(DicomTags.ReferringPhysicianName, DicomVR.PN, "Martin^Claire")
            .Text(DicomTags.StudyDescription, DicomVR.LO, $"{modality} study {c.StudyIndex}")
            .Text(DicomTags.SeriesDescription, DicomVR.LO, $"{modality} series {c.SeriesNumber}")
            .Text(DicomTags.PatientName, DicomVR.PN, p.Name).Text(DicomTags.PatientID, DicomVR.LO, p.Id)
            .Text(DicomTags.IssuerOfPatientID, DicomVR.LO, p.Issuer).Text(DicomTags.PatientBirthDate, DicomVR.DA, p.BirthDate)
            .Text(DicomTags.PatientSex, DicomVR.CS, p.Sex)
            .Uid(DicomTags.StudyInstanceUID, c.StudyUid).Uid(DicomTags.SeriesInstanceUID, c.SeriesUid)
            .Text(DicomTags.StudyID, DicomVR.SH, c.StudyIndex.ToString(CultureInfo.InvariantCulture))
            .IS(DicomTags.SeriesNumber, c.SeriesNumber).IS(DicomTags.InstanceNumber, c.InstanceNumber)
            .Text(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ARCHIVE SYNTHETIC 1.0")
            .Bytes(new DicomTag(0x0009, 0x1001), DicomVR.UN, [(byte)c.StudyIndex, (byte)c.SeriesNumber, 0, 1]);
        return ds;
    }

    private static DicomFile Wrap(DicomDataset ds, string sopClass, string sopInstance, DicomTransferSyntax syntax) =>
        new(DicomFileMeta.Create(sopClass, sopInstance, syntax), ds, syntax);
}
