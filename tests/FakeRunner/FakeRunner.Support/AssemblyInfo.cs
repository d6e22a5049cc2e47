using System.Runtime.Versioning;

// Linux only: /proc, hard links, signals.
[assembly: SupportedOSPlatform("linux")]
