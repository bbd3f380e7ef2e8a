using System.ComponentModel;
using CarbonAttrs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp;

/// <summary>
/// Records the facts of a TorchSharp argument of a <c>[TrackEmissions]</c> method as hyperparameters, under the
/// parameter's name: called by generated code, once per call, when the project references CarbonAttrs.TorchSharp
/// (docs/torchsharp.md, "Model and optimizer arguments"). Nothing is read when the call records no arguments
/// (<c>RecordArguments = false</c>, <c>Summarize</c>, tracking off), and a fact that cannot be read is left out
/// (said once): the user's call always runs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrackedTorchArguments
{
    /// <summary>
    /// <c>name</c> (the module's name, else its type name), <c>name_parameters</c>, <c>name_trainable_parameters</c>,
    /// <c>name_device</c>, <c>name_dtype</c>: the keys of <see cref="ModelFactsRecording.RecordModel"/>.
    /// </summary>
    public static void Module(ref TrackedCall call, string name, nn.Module? module)
    {
        if (call.RecordsArguments && module is not null)
            ArgumentFactReader.Module(name, module).WriteTo(ref call);
    }

    /// <inheritdoc cref="Module(ref TrackedCall, string, nn.Module?)"/>
    public static void Module(ref TrackedIteratorCall call, string name, nn.Module? module)
    {
        if (call.RecordsArguments && module is not null)
            ArgumentFactReader.Module(name, module).WriteTo(ref call);
    }

    /// <summary>
    /// <c>name</c> (the optimizer's type: <c>Adam</c>, <c>SGD</c>, ...), <c>name_lr</c> (the first parameter group's
    /// current learning rate) and, where the optimizer has them, <c>name_weight_decay</c>, <c>name_momentum</c>,
    /// <c>name_betas</c> (<c>(0.9, 0.999)</c>).
    /// </summary>
    public static void Optimizer(ref TrackedCall call, string name, optim.Optimizer? optimizer)
    {
        if (call.RecordsArguments && optimizer is not null)
            ArgumentFactReader.Optimizer(name, optimizer).WriteTo(ref call);
    }

    /// <inheritdoc cref="Optimizer(ref TrackedCall, string, optim.Optimizer?)"/>
    public static void Optimizer(ref TrackedIteratorCall call, string name, optim.Optimizer? optimizer)
    {
        if (call.RecordsArguments && optimizer is not null)
            ArgumentFactReader.Optimizer(name, optimizer).WriteTo(ref call);
    }

    /// <summary><c>name</c> (the scheduler's type: <c>StepLR</c>, ...) and <c>name_lr</c> (its optimizer's current learning rate).</summary>
    public static void Scheduler(ref TrackedCall call, string name, optim.lr_scheduler.LRScheduler? scheduler)
    {
        if (call.RecordsArguments && scheduler is not null)
            ArgumentFactReader.Scheduler(name, scheduler).WriteTo(ref call);
    }

    /// <inheritdoc cref="Scheduler(ref TrackedCall, string, optim.lr_scheduler.LRScheduler?)"/>
    public static void Scheduler(ref TrackedIteratorCall call, string name, optim.lr_scheduler.LRScheduler? scheduler)
    {
        if (call.RecordsArguments && scheduler is not null)
            ArgumentFactReader.Scheduler(name, scheduler).WriteTo(ref call);
    }

    /// <summary><c>name</c>: PyTorch's name of the device (<c>cpu</c>, <c>cuda:0</c>).</summary>
    public static void Device(ref TrackedCall call, string name, torch.Device? device)
    {
        if (call.RecordsArguments && device is not null)
            call.Argument(name, ModelFacts.DeviceName(device.type, device.index));
    }

    /// <inheritdoc cref="Device(ref TrackedCall, string, torch.Device?)"/>
    public static void Device(ref TrackedIteratorCall call, string name, torch.Device? device)
    {
        if (call.RecordsArguments && device is not null)
            call.Argument(name, ModelFacts.DeviceName(device.type, device.index));
    }
}
