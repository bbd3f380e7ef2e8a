using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp.Flops;

/// <summary>
/// Multiply-accumulates of one forward of a counted layer, from the shapes of its inputs and output. Every
/// weight-bearing layer here multiplies each "row" of its input (or output) by its whole weight once, so the count is
/// rows × weight elements; the weight's size is read once, when counting starts.
/// </summary>
internal abstract class LayerCost
{
    /// <summary>The cost model of <paramref name="module"/>, or null when its kind is not counted.</summary>
    public static LayerCost? For(nn.Module module) => module switch
    {
        // Linear: rows = input elements / in_features; each row meets the whole [out, in] weight.
        Linear linear => new RowsTimesWeight(linear.in_features, WeightElements(linear, "weight"), RowsOf.Input),
        // Transposed convolution: each input element meets (out_channels / groups) × kernel weights.
        ConvolutionTranspose transposed => new RowsTimesWeight(transposed.in_channels, WeightElements(transposed, "weight"), RowsOf.Input),
        // Convolution: each output element costs (in_channels / groups) × kernel MACs: output positions × weight
        // elements (out × in/groups × kernel). Stride, padding and dilation act through the output's size.
        Convolution convolution => new RowsTimesWeight(convolution.out_channels, WeightElements(convolution, "weight"), RowsOf.Output),
        // Bilinear: each row of the first input meets the whole [out, in1, in2] weight.
        Bilinear bilinear => new RowsTimesWeight(bilinear.in1_features, WeightElements(bilinear, "weight"), RowsOf.Input),
        // Recurrent layers and cells: each time step of each sequence meets every weight matrix once
        // (input-to-hidden and hidden-to-hidden, every layer and direction; LSTM projections too).
        RNN or LSTM or GRU or RNNCell or LSTMCell or GRUCell => Recurrent(module),
        MultiheadAttention => new Attention(),
        _ => null,
    };

    /// <summary>Multiply-accumulates of one forward, given its first input, its output (if a tensor) and, for attention, key and value.</summary>
    public abstract double Macs(Tensor input, Tensor? output, Tensor? key = null, Tensor? value = null);

    private static LayerCost Recurrent(nn.Module module)
    {
        long inputSize = 0, weights = 0;
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!name.StartsWith("weight_", StringComparison.Ordinal))
                continue;
            weights += parameter.numel();
            if (name is "weight_ih_l0" or "weight_ih")
                inputSize = parameter.shape[1];
        }
        if (inputSize == 0)
            throw new InvalidOperationException($"the recurrent layer '{module.GetName()}' has no input weight (weight_ih_l0 / weight_ih) to size its input from.");
        return new RowsTimesWeight(inputSize, weights, RowsOf.Input);
    }

    private static long WeightElements(nn.Module module, string name)
    {
        foreach (var (parameterName, parameter) in module.named_parameters(recurse: false))
        {
            if (parameterName == name)
                return parameter.numel();
        }
        throw new InvalidOperationException($"the layer '{module.GetName()}' has no '{name}' parameter to count its operations from.");
    }

    private enum RowsOf { Input, Output }

    private sealed class RowsTimesWeight : LayerCost
    {
        private readonly double _rowWidth, _weightElements;
        private readonly RowsOf _rowsOf;

        public RowsTimesWeight(long rowWidth, long weightElements, RowsOf rowsOf)
        {
            _rowWidth = rowWidth;
            _weightElements = weightElements;
            _rowsOf = rowsOf;
        }

        public override double Macs(Tensor input, Tensor? output, Tensor? key, Tensor? value)
        {
            var rows = _rowsOf == RowsOf.Output ? output : input;
            return rows is null || _rowWidth == 0 ? 0 : rows.numel() / _rowWidth * _weightElements;
        }
    }

    /// <summary>
    /// Multi-head attention, sequence first (query [L, N, E], key [S, N, kdim], value [S, N, vdim]): the query,
    /// key, value and output projections, then Q·Kᵀ and attention·V (L·S·E each per sequence, over all heads).
    /// </summary>
    private sealed class Attention : LayerCost
    {
        public override double Macs(Tensor query, Tensor? output, Tensor? key, Tensor? value)
        {
            key ??= query;
            value ??= key;
            double embed = query.shape[^1];
            double queryRows = query.numel() / embed;   // L × N
            double keyLength = key.shape[0];            // S
            var projections = query.numel() * embed + key.numel() * embed + value.numel() * embed + query.numel() * embed;
            var products = 2 * queryRows * keyLength * embed;
            return projections + products;
        }
    }
}
