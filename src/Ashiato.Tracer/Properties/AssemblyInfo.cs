using System.Runtime.Versioning;

// The tracer is eBPF on Linux and nothing else.
[assembly: SupportedOSPlatform("linux")]
