using System.Runtime.CompilerServices;
using Archive.Dicom.Network.Scp;
using Archive.Node.Diagnostics;

namespace Archive.Node.Dicom;

/// <summary>
/// Decorates the C-FIND handler with <see cref="DicomMetrics"/>: the identifier bytes of the pending
/// responses, counted once per request when the matches are exhausted (or the request cancelled).
/// </summary>
public sealed class MeteredFindHandler(ICFindHandler inner, DicomMetrics metrics, CallingAeLabels labels) : ICFindHandler
{
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long sent = 0;
        try
        {
            await foreach (var identifier in inner.FindAsync(request, cancellationToken).ConfigureAwait(false))
            {
                sent += identifier.Length;
                yield return identifier;
            }
        }
        finally
        {
            metrics.Sent("C-FIND", labels.Of(request.Association.CallingAeTitle), sent);
        }
    }
}
