using Ashiato.Events;

namespace Ashiato.Web.Backends;

/// <summary>An analysis engine (rule pack, baseline diff) could not run (HTTP 503): it failed, crashed or took too long.</summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : UserFacingException(message, inner);
