using System.Diagnostics.CodeAnalysis;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network;

/// <summary>Throw sites kept out of hot paths so callers stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProtocol(AssociationFailure failure, string message) =>
        throw new DicomProtocolException(failure, message);

    [DoesNotReturn]
    public static T ThrowProtocol<T>(AssociationFailure failure, string message) =>
        throw new DicomProtocolException(failure, message);

    [DoesNotReturn]
    public static void ThrowInvalidLength(string what, long length, long limit) =>
        throw new DicomProtocolException(AssociationFailure.InvalidPduParameterValue, $"{what} length {length} is outside 0..{limit}");

    [DoesNotReturn]
    public static void ThrowInvalidState(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);
}
