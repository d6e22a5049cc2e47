using Ashiato.Events;

namespace Ashiato.Web.Storage;

/// <summary>The upload exceeded the server's size limit (HTTP 413).</summary>
public sealed class UploadTooLargeException(long limit)
    : UserFacingException($"the trace is larger than this server's limit of {limit} bytes");
