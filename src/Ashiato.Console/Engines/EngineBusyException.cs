using Ashiato.Events;

namespace Ashiato.Web.Engines;

/// <summary>An organisation has too much work waiting for one engine (HTTP 429).</summary>
public sealed class EngineBusyException(string message) : UserFacingException(message);
