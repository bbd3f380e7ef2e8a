using CarbonAttrs.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Flops;

/// <summary>
/// Counts a model's FLOPs and samples while it lives (see <see cref="CarbonTorch.CountFlops"/>): each counted forward
/// adds to the window current where it runs, and to this counter's own totals. Dispose it to remove every hook.
/// </summary>
public sealed class FlopCounter : IDisposable
{
    // How many counted models' forwards enclose the current one on this thread: a forward inside another adds no samples.
    [ThreadStatic] private static int _rootDepth;

    // Whether this counter's model is in a forward on this thread: a forward that threw never ran its post-hook,
    // and the model's next forward finds this still set and unwinds it instead of passing for a nested forward.
    private readonly ThreadLocal<bool> _inRootForward = new();

    private readonly Func<bool> _gradientsAreRecorded;
    private readonly List<Action> _hooks = new(); // each hook's remove(); HookRemover is nested in each module kind's generic base
    private double _flops;
    private long _samples;
    private int _disposed;

    internal FlopCounter(nn.Module root, Func<bool> gradientsAreRecorded)
    {
        _gradientsAreRecorded = gradientsAreRecorded;
        var layers = new List<(nn.Module Module, LayerCost Cost)>();
        CollectCountedLayers(root, layers);
        CountedLayers = layers.Count;
        try
        {
            // The first counted layer stands for the model when the model itself is run with forward(), which runs no hooks.
            for (var i = 0; i < layers.Count; i++)
                HookLayer(layers[i].Module, layers[i].Cost, samplesWhenOutermost: i == 0);
            if (layers.Count == 0 || !ReferenceEquals(layers[0].Module, root))
                HookRoot(root);
        }
        catch
        {
            Dispose();
            throw;
        }
        if (layers.Count == 0)
            TrackerLog.Warn("torch-flops-none", $"CountFlops: '{root.GetName()}' contains no layer whose operations are counted (Linear, Conv, ConvTranspose, Bilinear, MultiheadAttention, RNN/LSTM/GRU and their cells); its windows will record samples only.");
    }

    /// <summary>Counted layers found in the model (each hooked once).</summary>
    public int CountedLayers { get; }

    /// <summary>FLOPs counted since this counter was created, over all windows (and outside any).</summary>
    public double Flops => Volatile.Read(ref _flops);

    /// <summary>Samples counted since this counter was created (not those recorded with <see cref="CarbonWindow.RecordSamples"/>).</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Removes every hook this counter registered. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var hook in _hooks)
            hook();
        _hooks.Clear();
        _inRootForward.Dispose();
    }

    // Depth-first; a counted layer's own children (e.g. attention's projections) are inside its count, not hooked again.
    private static void CollectCountedLayers(nn.Module module, List<(nn.Module, LayerCost)> layers)
    {
        if (LayerCost.For(module) is { } cost)
        {
            layers.Add((module, cost));
            return;
        }
        foreach (var (_, child) in module.named_children())
            CollectCountedLayers(child, layers);
    }

    private void HookRoot(nn.Module root)
    {
        // Only single-input models are entered through hooks; others fall back to their first counted layer.
        if (root is not nn.Module<Tensor, Tensor> model)
            return;
        _hooks.Add(model.register_forward_pre_hook((_, input) =>
        {
            if (_inRootForward.Value && _rootDepth > 0)
                _rootDepth--; // the previous forward threw (a model does not run inside itself)
            _inRootForward.Value = true;
            if (_rootDepth++ == 0)
                AddSamples(input);
            return null!; // null: the input is left as it is (TorchSharp's pre-hook contract)
        }).remove);
        _hooks.Add(model.register_forward_hook((_, _, output) =>
        {
            if (_inRootForward.Value)
            {
                _inRootForward.Value = false;
                if (_rootDepth > 0) _rootDepth--;
            }
            return output;
        }).remove);
    }

    private void HookLayer(nn.Module layer, LayerCost cost, bool samplesWhenOutermost)
    {
        switch (layer)
        {
            case nn.Module<Tensor, Tensor> single:
                _hooks.Add(single.register_forward_hook((_, input, output) =>
                {
                    Count(cost, samplesWhenOutermost, input, output);
                    return output;
                }).remove);
                break;
            case nn.Module<Tensor, Tensor, Tensor> pair: // Bilinear, RNNCell, GRUCell
                _hooks.Add(pair.register_forward_hook((_, input, _, output) =>
                {
                    Count(cost, samplesWhenOutermost, input, output);
                    return output;
                }).remove);
                break;
            case nn.Module<Tensor, Tensor, (Tensor, Tensor)> recurrent: // RNN, GRU
                _hooks.Add(recurrent.register_forward_hook((_, input, _, output) =>
                {
                    Count(cost, samplesWhenOutermost, input, null);
                    return output;
                }).remove);
                break;
            case nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor)> lstmCell:
                _hooks.Add(lstmCell.register_forward_hook((_, input, _, output) =>
                {
                    Count(cost, samplesWhenOutermost, input, null);
                    return output;
                }).remove);
                break;
            case nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> lstm:
                _hooks.Add(lstm.register_forward_hook((_, input, _, output) =>
                {
                    Count(cost, samplesWhenOutermost, input, null);
                    return output;
                }).remove);
                break;
            case MultiheadAttention attention:
                _hooks.Add(attention.register_forward_hook((_, query, key, value, _, _, _, output) =>
                {
                    Count(cost, samplesWhenOutermost, query, null, key, value);
                    return output;
                }).remove);
                break;
            default:
                TrackerLog.Warn("torch-flops-layer", $"CountFlops: the layer '{layer.GetName()}' ({layer.GetType().Name}) has a forward signature the counter does not hook; its operations are not counted.");
                break;
        }
    }

    // A hook must never break training: a failure is reported once and the forward goes on uncounted.
    private void Count(LayerCost cost, bool samplesWhenOutermost, Tensor input, Tensor? output, Tensor? key = null, Tensor? value = null)
    {
        try
        {
            var macs = cost.Macs(input, output, key, value);
            var flops = 2 * macs * (_gradientsAreRecorded() ? 3 : 1);
            AddFlops(flops);
            if (samplesWhenOutermost && _rootDepth == 0)
                AddSamples(input);
        }
        catch (Exception ex)
        {
            TrackerLog.Warn("torch-flops-count", $"CountFlops could not count a forward ({ex.GetType().Name}: {ex.Message}); that forward's operations are not counted. Training continues.");
        }
    }

    private void AddFlops(double flops)
    {
        var current = Volatile.Read(ref _flops);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _flops, current + flops, current);
            if (seen.Equals(current))
                break;
            current = seen;
        }
        // AddFlops takes whole operations: one forward's count is far below 2^63.
        CarbonWindow.Current?.AddFlops((long)Math.Round(flops));
    }

    private void AddSamples(Tensor input)
    {
        if (input.dim() == 0)
            return;
        var samples = input.size(0); // not input.shape: that allocates the whole shape on every forward
        Interlocked.Add(ref _samples, samples);
        CarbonWindow.Current?.AddCountedSamples(samples);
    }
}
