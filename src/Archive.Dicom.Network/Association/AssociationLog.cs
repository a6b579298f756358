using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Association;

/// <summary>Source-generated log messages of the upper layer (stable event ids 3100–3199). Never patient data.</summary>
internal static partial class AssociationLog
{
    [LoggerMessage(3100, LogLevel.Debug, "Association {Id}: A-ASSOCIATE-RQ from {CallingAe} to {CalledAe}, {Contexts} presentation contexts")]
    public static partial void Requested(ILogger logger, long id, string callingAe, string calledAe, int contexts);

    [LoggerMessage(3101, LogLevel.Information, "Association {Id}: accepted {CallingAe} -> {CalledAe}, {Accepted} of {Contexts} contexts, peer max PDU {PeerMaxPdu}")]
    public static partial void Accepted(ILogger logger, long id, string callingAe, string calledAe, int accepted, int contexts, uint peerMaxPdu);

    [LoggerMessage(3102, LogLevel.Warning, "Association {Id}: rejected {CallingAe} -> {CalledAe}: {Failure}")]
    public static partial void Rejected(ILogger logger, long id, string callingAe, string calledAe, AssociationFailure failure);

    [LoggerMessage(3113, LogLevel.Warning, "Association {Id}: no presentation context acceptable; proposed abstract syntaxes: {AbstractSyntaxes}")]
    public static partial void NoContextAcceptable(ILogger logger, long id, string abstractSyntaxes);

    [LoggerMessage(3103, LogLevel.Warning, "Association {Id}: protocol error in state {State}: {Failure} ({Message})")]
    public static partial void ProtocolError(ILogger logger, long id, AssociationState state, AssociationFailure failure, string message);

    [LoggerMessage(3104, LogLevel.Information, "Association {Id}: ended in state {State}: {Outcome}")]
    public static partial void Ended(ILogger logger, long id, AssociationState state, string outcome);

    [LoggerMessage(3112, LogLevel.Warning, "Association {Id}: the peer took nothing of a message for {Timeout}; aborted")]
    public static partial void SendStalled(ILogger logger, long id, TimeSpan timeout);

    [LoggerMessage(3105, LogLevel.Warning, "Association {Id}: timer expired in state {State}")]
    public static partial void TimerExpired(ILogger logger, long id, AssociationState state);

    [LoggerMessage(3106, LogLevel.Error, "Association {Id}: handler failed; aborting")]
    public static partial void HandlerFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(3107, LogLevel.Debug, "Association {Id}: {Event} in {State} -> {Action}")]
    public static partial void Transition(ILogger logger, long id, AssociationEvent @event, AssociationState state, AssociationAction action);
}
