using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>What a C-MOVE/C-GET identifier designates: the instances to send, or a failure result as a value.</summary>
public sealed record RetrieveResolution(DimseResult Result, IReadOnlyList<IRetrieveInstance> Instances)
{
    public static RetrieveResolution Of(IReadOnlyList<IRetrieveInstance> instances) => new(DimseResult.Success, instances);

    public static RetrieveResolution Failed(DimseResult result) => new(result, []);
}
