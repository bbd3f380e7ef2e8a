using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp;

/// <summary>What a model is, for the run's record: size, where it lives, its precision.</summary>
public sealed class ModelFacts
{
    private ModelFacts(string name, long parameters, long trainable, string device, string dtype)
    {
        Name = name;
        Parameters = parameters;
        TrainableParameters = trainable;
        Device = device;
        DType = dtype;
    }

    /// <summary>The module's name as given to its constructor, else its .NET type name.</summary>
    public string Name { get; }
    /// <summary>Number of scalar parameters.</summary>
    public long Parameters { get; }
    /// <summary>Parameters that require gradients.</summary>
    public long TrainableParameters { get; }
    /// <summary>Device of the parameters, e.g. <c>cpu</c> or <c>cuda:0</c> (several joined by <c>+</c>; <c>none</c> without parameters).</summary>
    public string Device { get; }
    /// <summary>Element type of the parameters in PyTorch's spelling, e.g. <c>float32</c> (several joined by <c>+</c>).</summary>
    public string DType { get; }

    /// <summary>Reads the facts of <paramref name="module"/> (walks its parameters once).</summary>
    public static ModelFacts Of(nn.Module module)
    {
        if (module is null)
            throw new ArgumentNullException(nameof(module));
        long count = 0, trainable = 0;
        var devices = new SortedSet<string>(StringComparer.Ordinal);
        var dtypes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var parameter in module.parameters())
        {
            count += parameter.numel();
            if (parameter.requires_grad)
                trainable += parameter.numel();
            devices.Add(DeviceName(parameter.device));
            dtypes.Add(DTypeName(parameter.dtype));
        }
        return new ModelFacts(NameOf(module), count, trainable, Join(devices), Join(dtypes));
    }

    /// <summary>The module's name as given to its constructor, else its .NET type name.</summary>
    internal static string NameOf(nn.Module module)
    {
        // Built-in modules report their native class ("torch::nn::SequentialImpl"); the .NET type name reads better.
        var given = module.GetName();
        return string.IsNullOrEmpty(given) || given.Contains("::") ? module.GetType().Name : given;
    }

    /// <summary>PyTorch's name of a device: <c>cpu</c>, <c>cuda:0</c>.</summary>
    internal static string DeviceName(Device device) => DeviceName(device.type, device.index);

    /// <summary>PyTorch's name of a device from its type and index (the common names are not rebuilt on every call).</summary>
    internal static string DeviceName(DeviceType type, int index)
    {
        if (type == DeviceType.CPU)
            return "cpu";
        if (type == DeviceType.CUDA && index >= 0 && index < CudaNames.Length)
            return CudaNames[index];
        return index >= 0 ? type.ToString().ToLowerInvariant() + ":" + index.ToString(CultureInfo.InvariantCulture)
            : type.ToString().ToLowerInvariant();
    }

    private static readonly string[] CudaNames = Enumerable.Range(0, 16).Select(i => "cuda:" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>PyTorch's name of an element type: <c>float32</c>, <c>bfloat16</c>, <c>int64</c>.</summary>
    internal static string DTypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Join(SortedSet<string> values) => values.Count == 0 ? "none" : string.Join("+", values);
}

/// <summary>Adds a model's facts to a window's record (the ledger's <c>hyperparameters</c> column).</summary>
public static class ModelFactsRecording
{
    /// <summary>
    /// Records <c>model</c>, <c>model_parameters</c>, <c>model_trainable_parameters</c>, <c>model_device</c> and
    /// <c>model_dtype</c> in <paramref name="window"/>.
    /// </summary>
    public static CarbonWindow RecordModel(this CarbonWindow window, nn.Module module)
    {
        if (window is null)
            throw new ArgumentNullException(nameof(window));
        var facts = ModelFacts.Of(module);
        return window.Record("model", facts.Name)
            .Record("model_parameters", facts.Parameters)
            .Record("model_trainable_parameters", facts.TrainableParameters)
            .Record("model_device", facts.Device)
            .Record("model_dtype", facts.DType);
    }

    /// <summary>
    /// Records the facts of <paramref name="module"/> in the innermost open window (e.g. the one a
    /// <c>[TrackEmissions]</c> method runs in). Returns false, recording nothing, when no window is open.
    /// </summary>
    public static bool RecordModelInCurrentWindow(nn.Module module)
    {
        if (CarbonWindow.Current is not { } window)
            return false;
        window.RecordModel(module);
        return true;
    }
}
