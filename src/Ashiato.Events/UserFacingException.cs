namespace Ashiato.Events;

/// <summary>
/// An error caused by input or environment (a bad file, a missing privilege), whose message is written for the
/// user. Front ends print the message alone, without a stack trace, and exit non-zero.
/// </summary>
public class UserFacingException(string message, Exception? inner = null) : Exception(message, inner);
