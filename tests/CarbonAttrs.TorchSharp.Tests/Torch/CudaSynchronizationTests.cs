using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Tests.Torch;

/// <summary>The window-edge hook: off (no hook at all) without CUDA, at both edges and inside the window with it.</summary>
[Collection(TrackerCollection.Name)]
public class CudaSynchronizationTests
{
    [Fact]
    public void TheHookIsRegisteredExactlyWhenCudaIsAvailable()
    {
        // The tests reference the CPU build of libtorch, but a GPU machine with a CUDA build must pass too.
        var hasCuda = cuda.is_available();
        try
        {
            Assert.Equal(hasCuda, CarbonTorch.Enable());
            Assert.Equal(hasCuda, CarbonTorch.SynchronizesCuda);
            if (hasCuda)
                Assert.Single(WindowEdgeHooks.Registered!);
            else
                Assert.Null(WindowEdgeHooks.Registered);
        }
        finally { CarbonTorch.Disable(); }
        Assert.Null(WindowEdgeHooks.Registered);
    }

    [Fact]
    public void WithCudaEveryWindowWaitsForTheDeviceBeforeEachEdgeIsTimestamped()
    {
        using var tracker = new TemporaryTracker();
        var synchronizations = 0;
        var pendingKernelTime = TimeSpan.Zero;
        // Stands in for torch.cuda.synchronize(): returns once queued "kernels" finished.
        void Synchronize()
        {
            synchronizations++;
            Thread.Sleep(pendingKernelTime);
            pendingKernelTime = TimeSpan.Zero;
        }

        try
        {
            Assert.True(CarbonTorch.Enable(() => true, Synchronize));
            Assert.True(CarbonTorch.Enable(() => true, Synchronize)); // idempotent: still one hook
            Assert.Single(WindowEdgeHooks.Registered!);

            CarbonWindow window;
            using (window = CarbonTracker.Track("torch.cuda-window"))
                pendingKernelTime = TimeSpan.FromMilliseconds(80); // "launched" asynchronously inside the window

            Assert.Equal(2, synchronizations);
            // The closing synchronisation ran before the end timestamp: the queued work is inside the window.
            Assert.True(window.Measurement!.Duration >= TimeSpan.FromMilliseconds(80), $"duration {window.Measurement.Duration}");
        }
        finally { CarbonTorch.Disable(); }

        Assert.False(CarbonTorch.SynchronizesCuda);
        Assert.Null(WindowEdgeHooks.Registered);
        using (CarbonTracker.Track("torch.after-disable")) { }
        Assert.Equal(2, synchronizations);
    }

    [Fact]
    public void SummarizedMethodsSynchronizeAtEachCallsEdgesToo()
    {
        using var tracker = new TemporaryTracker();
        var synchronizations = 0;
        try
        {
            CarbonTorch.Enable(() => true, () => synchronizations++);
            var method = new CarbonAttrs.Runtime.TrackedMethod("torch.summarized-step", null, summarize: true, recordArguments: true, recordResult: true);
            for (var i = 0; i < 3; i++)
                method.Begin().End();
        }
        finally { CarbonTorch.Disable(); }

        Assert.Equal(6, synchronizations);
        Assert.Equal("3", Assert.Single(tracker.Rows(), r => r["method"] == "torch.summarized-step")["calls"]);
    }

    [Fact]
    public void AHookThatThrowsNeverReachesTheUsersCode()
    {
        using var tracker = new TemporaryTracker();
        try
        {
            CarbonTorch.Enable(() => true, () => throw new InvalidOperationException("CUDA error: device lost"));
            using (var window = CarbonTracker.Track("torch.broken-sync")) { }
            Assert.Single(tracker.Rows(), r => r["method"] == "torch.broken-sync");
        }
        finally { CarbonTorch.Disable(); }
    }
}
