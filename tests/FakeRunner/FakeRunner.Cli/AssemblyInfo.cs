using System.Runtime.Versioning;

// Linux only: pipes by fd number, /proc, signals.
[assembly: SupportedOSPlatform("linux")]
