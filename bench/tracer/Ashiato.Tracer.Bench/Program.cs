using System.Globalization;
using Ashiato.Events;
using Ashiato.Tracer.Pipeline;

// replay CAPTURE OUTPUT.jsonl.gz [REPEAT [RECORDS_PER_DRAIN]]: one JSON line with records, events, seconds,
// events/s, CPU per record and bytes/event. RECORDS_PER_DRAIN feeds that many records every 20 ms, like the live drain.
if (args.Length is < 3 or > 5 || args[0] != "replay")
{
    Console.Error.WriteLine("usage: Ashiato.Tracer.Bench replay CAPTURE OUTPUT.jsonl.gz [REPEAT [RECORDS_PER_DRAIN]]");
    return 2;
}
var repeat = args.Length >= 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
int? recordsPerDrain = args.Length == 5 ? int.Parse(args[4], CultureInfo.InvariantCulture) : null;
OfflineReplayResult result;
try
{
    result = await OfflineReplay.RunAsync(args[1], args[2], repeat, recordsPerDrain);
}
catch (UserFacingException e)
{
    Console.Error.WriteLine($"Ashiato.Tracer.Bench: {e.Message}");
    return 2;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"records\":{result.Records},\"events\":{result.Events},\"seconds\":{result.Elapsed.TotalSeconds:F3}," +
    $"\"records_per_s\":{result.RecordsPerSecond:F0},\"events_per_s\":{result.EventsPerSecond:F0}," +
    $"\"cpu_s\":{result.Cpu.TotalSeconds:F3},\"cpu_us_per_record\":{result.CpuMicrosecondsPerRecord:F2}," +
    $"\"allocated_bytes_per_record\":{result.AllocatedBytesPerRecord:F0},\"gen0_collections\":{result.Collections}," +
    $"\"output_bytes\":{result.OutputBytes},\"bytes_per_event\":{result.BytesPerEvent:F1}}}"));
return 0;
