using Ashiato.Events;

namespace Ashiato.Tracer.Kernel;

/// <summary>The tracer cannot start here: missing privilege, no BTF, a program the kernel rejects.</summary>
public sealed class TracerSetupException(string message, Exception? inner = null) : UserFacingException(message, inner);
