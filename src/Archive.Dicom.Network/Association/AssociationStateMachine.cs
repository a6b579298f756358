namespace Archive.Dicom.Network.Association;

/// <summary>
/// The PS3.8 state transition table (Table 9-10) as data, plus the current state of one association.
/// <see cref="Lookup"/> is pure; <see cref="Fire"/> moves the state. Not thread-safe: the owning engine
/// serializes calls.
/// </summary>
public sealed class AssociationStateMachine
{
    private const int States = 13;
    private const int Events = 19;

    /// <summary>Immutable table: [event - 1, state - 1] → action.</summary>
    private static readonly AssociationAction[,] Table = BuildTable();

    private readonly bool _isRequestor;

    /// <param name="isRequestor">True on the side that sent the A-ASSOCIATE-RQ (decides AR-8's next state).</param>
    public AssociationStateMachine(bool isRequestor) => _isRequestor = isRequestor;

    /// <summary>The current state; starts at Sta1.</summary>
    public AssociationState State { get; private set; } = AssociationState.Idle;

    /// <summary>The action the table defines for <paramref name="evt"/> in <paramref name="state"/>, or <see cref="AssociationAction.None"/>.</summary>
    public static AssociationAction Lookup(AssociationState state, AssociationEvent evt) => Table[(int)evt - 1, (int)state - 1];

    /// <summary>The state an action leads to. AE-6 leads to Sta3 (an unacceptable request then takes Evt8 → AE-8 → Sta13).</summary>
    public static AssociationState NextState(AssociationAction action, bool isRequestor) => action switch
    {
        AssociationAction.AE1 => AssociationState.AwaitingTransportOpen,
        AssociationAction.AE2 => AssociationState.AwaitingAssociateResponse,
        AssociationAction.AE3 or AssociationAction.AE7 or AssociationAction.DT1 or AssociationAction.DT2 => AssociationState.Established,
        AssociationAction.AE5 => AssociationState.AwaitingAssociateRequest,
        AssociationAction.AE6 => AssociationState.AwaitingLocalAssociateResponse,
        AssociationAction.AR1 or AssociationAction.AR6 => AssociationState.AwaitingReleaseResponse,
        AssociationAction.AR2 or AssociationAction.AR7 => AssociationState.AwaitingLocalReleaseResponse,
        AssociationAction.AR8 => isRequestor ? AssociationState.CollisionRequestorAwaitingLocalResponse : AssociationState.CollisionAcceptorAwaitingReleaseResponse,
        AssociationAction.AR9 => AssociationState.CollisionRequestorAwaitingReleaseResponse,
        AssociationAction.AR10 => AssociationState.CollisionAcceptorAwaitingLocalResponse,
        AssociationAction.AE8 or AssociationAction.AR4 or AssociationAction.AA1 or AssociationAction.AA6
            or AssociationAction.AA7 or AssociationAction.AA8 => AssociationState.AwaitingTransportClose,
        _ => AssociationState.Idle,
    };

    /// <summary>
    /// Applies <paramref name="evt"/>: returns the action to perform and moves to its next state. Returns
    /// <see cref="AssociationAction.None"/> and leaves the state unchanged when the table has no entry.
    /// </summary>
    public AssociationAction Fire(AssociationEvent evt)
    {
        var action = Lookup(State, evt);
        if (action != AssociationAction.None)
        {
            State = NextState(action, _isRequestor);
        }

        return action;
    }

    /// <summary>Forces a state; for tests that start a transition from a given state.</summary>
    internal void ForceState(AssociationState state) => State = state;

    private static AssociationAction[,] BuildTable()
    {
        var t = new AssociationAction[Events, States];
        void Set(AssociationEvent e, AssociationAction a, params int[] states)
        {
            foreach (int s in states)
            {
                t[(int)e - 1, s - 1] = a;
            }
        }

        int[] sta3To12 = [3, 5, 6, 7, 8, 9, 10, 11, 12];
        Set(AssociationEvent.LocalAssociateRequest, AssociationAction.AE1, 1);
        Set(AssociationEvent.TransportConnected, AssociationAction.AE2, 4);
        foreach (var evt in new[] { AssociationEvent.AssociateAcceptReceived, AssociationEvent.AssociateRejectReceived, AssociationEvent.AssociateRequestReceived, AssociationEvent.PDataReceived, AssociationEvent.ReleaseRequestReceived, AssociationEvent.ReleaseResponseReceived, AssociationEvent.InvalidPduReceived })
        {
            Set(evt, AssociationAction.AA1, 2);
            Set(evt, AssociationAction.AA8, sta3To12);
            Set(evt, evt is AssociationEvent.AssociateRequestReceived or AssociationEvent.InvalidPduReceived ? AssociationAction.AA7 : AssociationAction.AA6, 13);
        }

        Set(AssociationEvent.AssociateAcceptReceived, AssociationAction.AE3, 5);
        Set(AssociationEvent.AssociateRejectReceived, AssociationAction.AE4, 5);
        Set(AssociationEvent.TransportIndication, AssociationAction.AE5, 1);
        Set(AssociationEvent.AssociateRequestReceived, AssociationAction.AE6, 2);
        Set(AssociationEvent.LocalAssociateAccept, AssociationAction.AE7, 3);
        Set(AssociationEvent.LocalAssociateReject, AssociationAction.AE8, 3);
        Set(AssociationEvent.LocalPData, AssociationAction.DT1, 6);
        Set(AssociationEvent.LocalPData, AssociationAction.AR7, 8);
        Set(AssociationEvent.PDataReceived, AssociationAction.DT2, 6);
        Set(AssociationEvent.PDataReceived, AssociationAction.AR6, 7);
        Set(AssociationEvent.LocalReleaseRequest, AssociationAction.AR1, 6);
        Set(AssociationEvent.ReleaseRequestReceived, AssociationAction.AR2, 6);
        Set(AssociationEvent.ReleaseRequestReceived, AssociationAction.AR8, 7);
        Set(AssociationEvent.ReleaseResponseReceived, AssociationAction.AR3, 7, 11);
        Set(AssociationEvent.ReleaseResponseReceived, AssociationAction.AR10, 10);
        Set(AssociationEvent.LocalReleaseResponse, AssociationAction.AR4, 8, 12);
        Set(AssociationEvent.LocalReleaseResponse, AssociationAction.AR9, 9);
        Set(AssociationEvent.LocalAbort, AssociationAction.AA1, 3, 5, 6, 7, 8, 9, 10, 11, 12);
        Set(AssociationEvent.LocalAbort, AssociationAction.AA2, 4);
        Set(AssociationEvent.AbortReceived, AssociationAction.AA2, 2, 13);
        Set(AssociationEvent.AbortReceived, AssociationAction.AA3, sta3To12);
        Set(AssociationEvent.TransportClosed, AssociationAction.AA5, 2);
        Set(AssociationEvent.TransportClosed, AssociationAction.AA4, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Set(AssociationEvent.TransportClosed, AssociationAction.AR5, 13);
        Set(AssociationEvent.ArtimExpired, AssociationAction.AA2, 2, 13);
        return t;
    }
}
