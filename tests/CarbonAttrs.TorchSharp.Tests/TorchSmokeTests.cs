using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Tests;

public class TorchSmokeTests
{
    [Fact]
    public void LibTorchLoadsFromTheBuildOutput()
    {
        using var x = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(6f, x.sum().item<float>());
    }
}
