namespace Ashiato.Tracer.Kernel;

/// <summary>The compiled kernel side (bpf/*.bpf.c linked into one object), embedded in this assembly at build time.</summary>
public static class BpfObjectImage
{
    public const string ResourceName = "ashiato.bpf.o";

    /// <summary>An object never loaded: it only describes every struct of bpf/ashiato.h in its BTF.</summary>
    public const string AbiResourceName = "ashiato-abi.bpf.o";

    public static byte[] Read(string resourceName = ResourceName)
    {
        using var stream = typeof(BpfObjectImage).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"the build did not embed {resourceName}");
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        return image;
    }
}
