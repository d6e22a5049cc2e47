using System.Runtime.Versioning;

// Replays through the tracer's pipeline, which is Linux only.
[assembly: SupportedOSPlatform("linux")]
