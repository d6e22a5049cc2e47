using Ashiato.Events;

namespace Ashiato.Web.Ingest;

/// <summary>An upload that is not a valid trace (HTTP 400). <see cref="Line"/> names the offending line when there is one.</summary>
public sealed class TraceRejectedException(string message, long? line = null) : UserFacingException(message)
{
    public long? Line { get; } = line;
}
