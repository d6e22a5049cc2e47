using Ashiato.Events;

namespace Ashiato.Web.Storage;

/// <summary>The upload exceeded one of the server's size limits (HTTP 413); the message names which.</summary>
public sealed class UploadTooLargeException(string message) : UserFacingException(message)
{
    public static UploadTooLargeException Compressed(long limit) => new($"the trace is larger than this server's limit of {limit} bytes");
}
