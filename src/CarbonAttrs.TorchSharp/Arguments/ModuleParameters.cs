using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp;

/// <summary>
/// A module's parameter tensors and sizes, read at its first tracked call and kept as long as the module lives
/// (walking <c>parameters()</c> allocates a name per parameter; a training call passes the same model every time).
/// What can change between calls (frozen layers, the device after <c>to()</c>, the dtype) is read again each call.
/// </summary>
internal sealed class ModuleParameters
{
    private static readonly ConditionalWeakTable<nn.Module, ModuleParameters> Cache = new();

    private readonly Parameter[] _parameters;
    private readonly long[] _sizes;

    private ModuleParameters(nn.Module module)
    {
        _parameters = module.parameters().ToArray();
        _sizes = Array.ConvertAll(_parameters, p => p.numel());
        Total = _sizes.Sum();
        Name = ModelFacts.NameOf(module);
    }

    /// <summary>The module's name as <see cref="ModelFacts.Name"/> gives it.</summary>
    public string Name { get; }

    /// <summary>Number of scalar parameters.</summary>
    public long Total { get; }

    /// <summary>The cached entry of <paramref name="module"/>; read again when one of its tensors has been disposed (replaced).</summary>
    public static ModuleParameters Of(nn.Module module)
    {
        if (Cache.TryGetValue(module, out var cached) && !cached.AnyDisposed())
            return cached;
        var fresh = new ModuleParameters(module);
        Cache.AddOrUpdate(module, fresh);
        return fresh;
    }

    /// <summary>Trainable count, device and dtype now (several devices or dtypes joined by <c>+</c>, as <see cref="ModelFacts"/> does).</summary>
    public (long Trainable, string Device, string DType) ReadCurrent()
    {
        if (_parameters.Length == 0)
            return (0, "none", "none");
        long trainable = 0;
        string? device = null, dtype = null;
        SortedSet<string>? devices = null, dtypes = null;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            if (parameter.requires_grad)
                trainable += _sizes[i];
            // Each read is a P/Invoke and an error check (about 0.1 µs): the index only where it names something.
            var deviceType = parameter.device_type;
            var d = deviceType == DeviceType.CPU ? "cpu" : ModelFacts.DeviceName(deviceType, parameter.device_index);
            var t = ModelFacts.DTypeName(parameter.dtype);
            device ??= d;
            dtype ??= t;
            // Almost every model has one device and one dtype: a set only when they differ.
            if (!ReferenceEquals(d, device) && d != device)
                (devices ??= new SortedSet<string>(StringComparer.Ordinal) { device }).Add(d);
            if (!ReferenceEquals(t, dtype) && t != dtype)
                (dtypes ??= new SortedSet<string>(StringComparer.Ordinal) { dtype }).Add(t);
        }
        return (trainable, devices is null ? device! : string.Join("+", devices), dtypes is null ? dtype! : string.Join("+", dtypes));
    }

    private bool AnyDisposed()
    {
        foreach (var parameter in _parameters)
        {
            if (parameter.IsInvalid)
                return true;
        }
        return false;
    }
}
