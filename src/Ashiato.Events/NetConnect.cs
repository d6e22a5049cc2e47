using System.Net;

namespace Ashiato.Events;

public enum NetProtocol
{
    Tcp,
    Udp,
}

public sealed record NetConnect : ProcessEvent
{
    public override EventKind Kind => EventKind.NetConnect;

    public required IPAddress DstAddr { get; init; }

    public required int DstPort { get; init; }

    public required NetProtocol Protocol { get; init; }

    /// <summary>The DNS name whose answer gave <see cref="DstAddr"/>, when seen earlier in the trace.</summary>
    public string? Hostname { get; init; }
}
