namespace Ashiato.Tracer.Kernel;

/// <summary>The compiled kernel side (bpf/*.bpf.c linked into one object), embedded in this assembly at build time.</summary>
public static class BpfObjectImage
{
    public const string ResourceName = "ashiato.bpf.o";

    public static byte[] Read()
    {
        using var stream = typeof(BpfObjectImage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build did not embed {ResourceName}");
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        return image;
    }
}
