namespace CarbonAttrs.Generators.Model;

/// <summary>
/// A parameter whose TorchSharp object's facts are recorded as hyperparameters (only when the project references
/// CarbonAttrs.TorchSharp, which reads them): the kind picks the reader generated code calls.
/// </summary>
internal enum TorchArgumentKind
{
    None,
    Module,
    Optimizer,
    Scheduler,
    Device,
}
