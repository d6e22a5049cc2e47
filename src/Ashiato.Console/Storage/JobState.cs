namespace Ashiato.Web.Storage;

public enum JobState
{
    /// <summary>Created, waiting for its trace.</summary>
    Pending,

    /// <summary>A trace upload is in progress; nobody else may upload.</summary>
    Uploading,

    /// <summary>The trace is stored and validated.</summary>
    Ready,

    /// <summary>An agent is streaming the trace: what came so far is readable, more is coming.</summary>
    Running,
}
