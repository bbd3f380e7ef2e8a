using CarbonAttrs.TorchSharp.Flops;
using TorchSharp;

namespace CarbonAttrs.TorchSharp;

public static partial class CarbonTorch
{
    /// <summary>
    /// Counts the floating-point operations and samples of <paramref name="module"/>'s forwards into the window that is
    /// current where each forward runs (its <c>flops</c> and <c>samples</c> columns), until the returned counter is
    /// disposed. Registers forward hooks on the module and on the layers it counts; disposing removes every one.
    /// Nothing is registered, and nothing costs anything, unless this is called.
    /// </summary>
    /// <remarks>
    /// <para>Counted, as 2 FLOPs per multiply-accumulate (the fvcore convention): <c>Linear</c>,
    /// <c>Conv1d/2d/3d</c> and <c>ConvTranspose1d/2d/3d</c> (groups, stride, padding and dilation included),
    /// <c>Bilinear</c>, <c>MultiheadAttention</c> (the four projections and the two attention products),
    /// <c>RNN</c>, <c>LSTM</c>, <c>GRU</c>, <c>RNNCell</c>, <c>LSTMCell</c>, <c>GRUCell</c> (every weight
    /// matrix once per step). Not counted: bias additions, activations, normalisations, pooling, embeddings, losses,
    /// the optimizer, and tensor operations written outside modules (add them with <see cref="CarbonWindow.AddFlops"/>).</para>
    /// <para>A forward run with gradients enabled counts 3 × its FLOPs (forward plus a backward of about twice
    /// the forward); under <c>no_grad()</c> or <c>inference_mode()</c>, 1 ×.</para>
    /// <para>Samples: dimension 0 of the first input of each outermost counted forward: a call of
    /// <paramref name="module"/> through <c>call(x)</c>, or, when the model is run with <c>forward(x)</c> (which
    /// runs no hooks of its own), of its first counted layer. A forward inside another counted forward adds no
    /// samples. <see cref="CarbonWindow.RecordSamples"/> overrides the count for models whose batch is elsewhere.</para>
    /// <para>TorchSharp runs hooks only for layers invoked with <c>call</c> (as <c>Sequential</c> does): a layer
    /// a custom module runs with <c>layer.forward(x)</c> is not seen.</para>
    /// </remarks>
    /// <example><code>
    /// using var counting = CarbonTorch.CountFlops(model);
    /// using var window = CarbonTracker.Track("train");
    /// Train(model);   // window.Measurement.Flops and .Samples once it closes
    /// </code></example>
    public static FlopCounter CountFlops(torch.nn.Module module)
    {
        if (module is null)
            throw new ArgumentNullException(nameof(module), "Pass the model whose forwards to count (the module you call forward or call on).");
        return new FlopCounter(module, GradientsAreRecorded);
    }

    // What the backward multiplier depends on: a forward whose graph is recorded will be differentiated.
    private static bool GradientsAreRecorded() => torch.is_grad_enabled() && !torch.is_inference_mode_enabled();
}
