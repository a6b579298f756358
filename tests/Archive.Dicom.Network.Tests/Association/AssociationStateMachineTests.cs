using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Tests.Association;

public sealed class AssociationStateMachineTests
{
    /// <summary>PS3.8 Table 9-10, transcribed row by row: event → "state:action" entries; every other cell is empty.</summary>
    private static readonly Dictionary<int, string> Standard = new()
    {
        [1] = "1:AE1",
        [2] = "4:AE2",
        [3] = "2:AA1 3:AA8 5:AE3 6:AA8 7:AA8 8:AA8 9:AA8 10:AA8 11:AA8 12:AA8 13:AA6",
        [4] = "2:AA1 3:AA8 5:AE4 6:AA8 7:AA8 8:AA8 9:AA8 10:AA8 11:AA8 12:AA8 13:AA6",
        [5] = "1:AE5",
        [6] = "2:AE6 3:AA8 5:AA8 6:AA8 7:AA8 8:AA8 9:AA8 10:AA8 11:AA8 12:AA8 13:AA7",
        [7] = "3:AE7",
        [8] = "3:AE8",
        [9] = "6:DT1 8:AR7",
        [10] = "2:AA1 3:AA8 5:AA8 6:DT2 7:AR6 8:AA8 9:AA8 10:AA8 11:AA8 12:AA8 13:AA6",
        [11] = "6:AR1",
        [12] = "2:AA1 3:AA8 5:AA8 6:AR2 7:AR8 8:AA8 9:AA8 10:AA8 11:AA8 12:AA8 13:AA6",
        [13] = "2:AA1 3:AA8 5:AA8 6:AA8 7:AR3 8:AA8 9:AA8 10:AR10 11:AR3 12:AA8 13:AA6",
        [14] = "8:AR4 9:AR9 12:AR4",
        [15] = "3:AA1 4:AA2 5:AA1 6:AA1 7:AA1 8:AA1 9:AA1 10:AA1 11:AA1 12:AA1",
        [16] = "2:AA2 3:AA3 5:AA3 6:AA3 7:AA3 8:AA3 9:AA3 10:AA3 11:AA3 12:AA3 13:AA2",
        [17] = "2:AA5 3:AA4 4:AA4 5:AA4 6:AA4 7:AA4 8:AA4 9:AA4 10:AA4 11:AA4 12:AA4 13:AR5",
        [18] = "2:AA2 13:AA2",
        [19] = "2:AA1 3:AA8 5:AA8 6:AA8 7:AA8 8:AA8 9:AA8 10:AA8 11:AA8 12:AA8 13:AA7",
    };

    public static TheoryData<int, int> Cells()
    {
        var data = new TheoryData<int, int>();
        for (int e = 1; e <= 19; e++)
        {
            for (int s = 1; s <= 13; s++)
            {
                data.Add(e, s);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Fire_EveryEventInEveryState_FollowsTable910(int evt, int state)
    {
        var expected = Standard[evt].Split(' ')
            .Select(cell => cell.Split(':'))
            .Where(cell => int.Parse(cell[0]) == state)
            .Select(cell => Enum.Parse<AssociationAction>(cell[1]))
            .DefaultIfEmpty(AssociationAction.None)
            .Single();
        var machine = new AssociationStateMachine(isRequestor: true);
        machine.ForceState((AssociationState)state);

        var action = machine.Fire((AssociationEvent)evt);

        Assert.Equal(expected, action);
        var expectedState = expected == AssociationAction.None ? (AssociationState)state : AssociationStateMachine.NextState(expected, isRequestor: true);
        Assert.Equal(expectedState, machine.State);
    }

    [Theory]
    [InlineData(AssociationAction.AE1, 4)]
    [InlineData(AssociationAction.AE2, 5)]
    [InlineData(AssociationAction.AE3, 6)]
    [InlineData(AssociationAction.AE4, 1)]
    [InlineData(AssociationAction.AE5, 2)]
    [InlineData(AssociationAction.AE6, 3)]
    [InlineData(AssociationAction.AE7, 6)]
    [InlineData(AssociationAction.AE8, 13)]
    [InlineData(AssociationAction.DT1, 6)]
    [InlineData(AssociationAction.DT2, 6)]
    [InlineData(AssociationAction.AR1, 7)]
    [InlineData(AssociationAction.AR2, 8)]
    [InlineData(AssociationAction.AR3, 1)]
    [InlineData(AssociationAction.AR4, 13)]
    [InlineData(AssociationAction.AR5, 1)]
    [InlineData(AssociationAction.AR6, 7)]
    [InlineData(AssociationAction.AR7, 8)]
    [InlineData(AssociationAction.AR9, 11)]
    [InlineData(AssociationAction.AR10, 12)]
    [InlineData(AssociationAction.AA1, 13)]
    [InlineData(AssociationAction.AA2, 1)]
    [InlineData(AssociationAction.AA3, 1)]
    [InlineData(AssociationAction.AA4, 1)]
    [InlineData(AssociationAction.AA5, 1)]
    [InlineData(AssociationAction.AA6, 13)]
    [InlineData(AssociationAction.AA7, 13)]
    [InlineData(AssociationAction.AA8, 13)]
    public void NextState_EachAction_IsTheStandardsState(AssociationAction action, int state) =>
        Assert.Equal((AssociationState)state, AssociationStateMachine.NextState(action, isRequestor: true));

    [Fact]
    public void ReleaseCollision_RequestorAndAcceptor_TakeTheirOwnBranches()
    {
        Assert.Equal(AssociationState.CollisionRequestorAwaitingLocalResponse, AssociationStateMachine.NextState(AssociationAction.AR8, isRequestor: true));
        Assert.Equal(AssociationState.CollisionAcceptorAwaitingReleaseResponse, AssociationStateMachine.NextState(AssociationAction.AR8, isRequestor: false));
    }

    [Fact]
    public void AcceptorLifecycle_ThroughRelease_EndsIdle()
    {
        var m = new AssociationStateMachine(isRequestor: false);
        AssociationEvent[] events = [AssociationEvent.TransportIndication, AssociationEvent.AssociateRequestReceived, AssociationEvent.LocalAssociateAccept, AssociationEvent.PDataReceived, AssociationEvent.LocalPData, AssociationEvent.ReleaseRequestReceived, AssociationEvent.LocalReleaseResponse, AssociationEvent.TransportClosed];
        var actions = events.Select(m.Fire).ToArray();
        Assert.Equal([AssociationAction.AE5, AssociationAction.AE6, AssociationAction.AE7, AssociationAction.DT2, AssociationAction.DT1, AssociationAction.AR2, AssociationAction.AR4, AssociationAction.AR5], actions);
        Assert.Equal(AssociationState.Idle, m.State);
    }
}
