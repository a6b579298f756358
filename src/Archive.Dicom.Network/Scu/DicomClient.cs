using System.IO.Pipelines;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Scu;

/// <summary>
/// An SCU association: C-ECHO, C-STORE, C-FIND, C-MOVE, N-ACTION and N-EVENT-REPORT requests, one at a time or
/// concurrently (each request has its own Message ID; the engine serializes messages). Incoming requests (an
/// N-EVENT-REPORT for storage commitment) go to the optional <see cref="IDimseServiceProvider"/>.
/// Dispose releases (or aborts) the association.
/// </summary>
public sealed partial class DicomClient : IAsyncDisposable
{
    private readonly AssociationEngine _engine;
    private readonly DimseSession _session;

    private DicomClient(AssociationEngine engine, DimseSession session)
    {
        _engine = engine;
        _session = session;
    }

    /// <summary>What was negotiated.</summary>
    public AssociationInfo Association => _engine.Info!;

    /// <summary>The DIMSE session (for requests this class has no shortcut for).</summary>
    public DimseSession Session => _session;

    /// <summary>The upper-layer engine.</summary>
    public AssociationEngine Engine => _engine;

    /// <summary>
    /// Opens a TCP connection (TLS when <see cref="DicomClientOptions.Tls"/> is set) and negotiates. Throws
    /// <see cref="AssociationRejectedException"/>, <see cref="AssociationAbortedException"/>, a socket error or a TLS
    /// <see cref="System.Security.Authentication.AuthenticationException"/>.
    /// </summary>
    public static async Task<DicomClient> ConnectAsync(
        string host,
        int port,
        string calledAeTitle,
        PresentationContextList contexts,
        DicomClientOptions? options = null,
        IDimseServiceProvider? provider = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        options = (options ?? new DicomClientOptions()).Validate();
        var pipe = await SocketPipe.ConnectAsync(host, port, options.Association.Limits.MaxFrameLength, options.ConnectTimeout, cancellationToken, options.Tls).ConfigureAwait(false);
        return await ConnectAsync(pipe, calledAeTitle, contexts, options, provider, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to <paramref name="peer"/> as <see cref="DicomClientOptions.For"/> says (over TLS when the peer is configured for it).</summary>
    public static Task<DicomClient> ConnectAsync(
        DicomPeer peer,
        PresentationContextList contexts,
        DicomClientOptions options,
        IDimseServiceProvider? provider = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConnectAsync(peer.Host, peer.Port, peer.AeTitle, contexts, options.For(peer), provider, logger, cancellationToken);
    }

    /// <summary>Negotiates over an already connected pipe (tests run in memory this way).</summary>
    public static async Task<DicomClient> ConnectAsync(
        IDuplexPipe pipe,
        string calledAeTitle,
        PresentationContextList contexts,
        DicomClientOptions? options = null,
        IDimseServiceProvider? provider = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        options = (options ?? new DicomClientOptions()).Validate();
        var request = new AssociateRequest(
            AeTitle.Validate(calledAeTitle, nameof(calledAeTitle)),
            options.CallingAeTitle,
            contexts.Contexts,
            new UserInformation(
                options.Association.MaxReceivePduLength,
                DicomImplementation.ClassUid,
                DicomImplementation.VersionName,
                RoleSelections: contexts.RoleSelections,
                UserIdentity: options.UserIdentity));
        DimseSession? session = null;
        var engine = await AssociationEngine.RequestAsync(
            pipe,
            request,
            e => session = new DimseSession(e, provider, options.Association, logger),
            options.Association,
            logger: logger,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DicomClient(engine, session!);
    }

    /// <summary>The accepted context for <paramref name="abstractSyntax"/> (preferring <paramref name="transferSyntax"/>), or null.</summary>
    public PresentationContext? FindContext(string abstractSyntax, string? transferSyntax = null) =>
        Association.FindContext(abstractSyntax, transferSyntax);

    /// <summary>C-ECHO.</summary>
    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = RequireContext(ServiceUids.Verification);
        var request = new DimseCommand
        {
            CommandField = DimseCommandField.CEchoRequest,
            AffectedSopClassUid = ServiceUids.Verification,
            MessageId = _session.NextMessageId(),
        };
        var response = await _session.RequestFinalAsync(context, request, null, 0, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// C-STORE of <paramref name="length"/> bytes of <paramref name="dataset"/> (no meta header) encoded in
    /// <paramref name="transferSyntax"/>; needs an accepted context with that exact syntax. Returns the final response.
    /// </summary>
    public async Task<DimseResponse> StoreAsync(
        string sopClassUid,
        string sopInstanceUid,
        string transferSyntax,
        Stream dataset,
        long length,
        string? moveOriginatorAeTitle = null,
        ushort? moveOriginatorMessageId = null,
        CancellationToken cancellationToken = default)
    {
        var context = FindContext(sopClassUid, transferSyntax);
        if (context is null || context.TransferSyntax != transferSyntax)
        {
            throw new InvalidOperationException($"no accepted presentation context for {sopClassUid} in {transferSyntax}");
        }

        var request = new DimseCommand
        {
            CommandField = DimseCommandField.CStoreRequest,
            AffectedSopClassUid = sopClassUid,
            AffectedSopInstanceUid = sopInstanceUid,
            MessageId = _session.NextMessageId(),
            Priority = DimsePriority.Medium,
            CommandDataSetType = DimseCommand.DataSetPresent,
            MoveOriginatorAeTitle = moveOriginatorAeTitle,
            MoveOriginatorMessageId = moveOriginatorMessageId,
        };
        return await _session.RequestFinalAsync(context, request, dataset, length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Releases the association (A-RELEASE) once every request the peer sent has been answered; aborts if the peer
    /// does not answer in time.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_engine.IsRequestor ? TimeSpan.FromSeconds(30) : Timeout.InfiniteTimeSpan);
        try
        {
            await _session.WaitForIncomingAsync(cts.Token).ConfigureAwait(false);
            await _engine.ReleaseAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await _engine.AbortAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the association (A-ABORT, service-user).</summary>
    public ValueTask AbortAsync() => _engine.AbortAsync();

    /// <summary>
    /// Ends an association whose work is done (a report answered, sub-operations sent), never throwing for it: releases
    /// within <paramref name="releaseTimeout"/>, aborts when the release fails or takes longer, then frees the engine.
    /// </summary>
    public async Task CloseQuietlyAsync(TimeSpan releaseTimeout)
    {
        try
        {
            using var deadline = new CancellationTokenSource(releaseTimeout);
            await ReleaseAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or AssociationAbortedException)
        {
            await _engine.AbortAsync().ConfigureAwait(false);
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Releases if still established, then frees the engine.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_engine.State == AssociationState.Established)
        {
            try
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            catch (AssociationAbortedException)
            {
            }
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
    }

    private PresentationContext RequireContext(string abstractSyntax) =>
        FindContext(abstractSyntax) ?? throw new InvalidOperationException($"the peer did not accept {abstractSyntax}");
}
