using System.Globalization;
using System.Runtime.CompilerServices;
using CarbonAttrs.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarbonAttrs.TorchSharp;

/// <summary>
/// Reads the facts of TorchSharp arguments. Each read is guarded: a fact TorchSharp cannot give (a module whose
/// <c>parameters()</c> throws, another TorchSharp version's internals) is left out and said once; it never fails the user's call.
/// </summary>
internal static class ArgumentFactReader
{
    private static readonly ArgumentKeys ModuleKeys = new("", "_parameters", "_trainable_parameters", "_device", "_dtype");
    private static readonly ArgumentKeys OptimizerKeys = new("", "_lr", "_weight_decay", "_momentum", "_betas");
    private static readonly ArgumentKeys SchedulerKeys = new("", "_lr");

    public static ArgumentFacts Module(string name, nn.Module module)
    {
        var keys = ModuleKeys.For(name);
        var facts = new ArgumentFacts();
        try
        {
            var parameters = ModuleParameters.Of(module);
            var current = parameters.ReadCurrent();
            facts.Add(keys[0], parameters.Name);
            facts.Add(keys[1], parameters.Total);
            facts.Add(keys[2], current.Trainable);
            facts.Add(keys[3], current.Device);
            facts.Add(keys[4], current.DType);
        }
        catch (Exception ex)
        {
            Unreadable("module", name, module, ex);
            return default;
        }
        return facts;
    }

    public static ArgumentFacts Optimizer(string name, optim.Optimizer optimizer)
    {
        var keys = OptimizerKeys.For(name);
        var facts = new ArgumentFacts();
        facts.Add(keys[0], optimizer.GetType().Name);
        try
        {
            var group = FirstGroup(optimizer);
            if (group is not null)
                facts.Add(keys[1], group.LearningRate);
            var (weightDecay, momentum, betas) = Options((group as ParamGroup)?.Options);
            if (weightDecay is { } wd)
                facts.Add(keys[2], wd);
            if (momentum is { } m)
                facts.Add(keys[3], m);
            if (betas is { } b)
                facts.Add(keys[4], "(" + b.Beta1.ToString("R", CultureInfo.InvariantCulture) + ", " + b.Beta2.ToString("R", CultureInfo.InvariantCulture) + ")");
        }
        catch (Exception ex)
        {
            Unreadable("optimizer", name, optimizer, ex);
        }
        return facts;
    }

    public static ArgumentFacts Scheduler(string name, optim.lr_scheduler.LRScheduler scheduler)
    {
        var keys = SchedulerKeys.For(name);
        var facts = new ArgumentFacts();
        facts.Add(keys[0], scheduler.GetType().Name);
        try
        {
            // TorchSharp keeps the scheduler's optimizer internal; its first group's rate is the one the scheduler set.
            if (SchedulerOptimizer(scheduler) is { } optimizer && FirstGroup(optimizer) is { } group)
                facts.Add(keys[1], group.LearningRate);
        }
        catch (Exception ex)
        {
            Unreadable("scheduler", name, scheduler, ex);
        }
        return facts;
    }

    private static optim.ILearningRateController? FirstGroup(optim.Optimizer optimizer)
    {
        var groups = optimizer.ParamGroups;
        if (groups is IList<ParamGroup> list) // TorchSharp's own optimizers: no enumerator
            return list.Count > 0 ? list[0] : optimizer as optim.ILearningRateController;
        foreach (var group in groups)
            return group;
        return optimizer as optim.ILearningRateController; // LBFGS has no groups and is its own controller
    }

    /// <summary>Weight decay, momentum and betas of the optimizers that have them (null where an option is unset).</summary>
    private static (double? WeightDecay, double? Momentum, (double Beta1, double Beta2)? Betas) Options(OptimizerOptions? options) => options switch
    {
        Adam.Options o => (o.weight_decay, null, Betas(o.beta1, o.beta2)),
        AdamW.Options o => (o.weight_decay, null, Betas(o.beta1, o.beta2)),
        Adamax.Options o => (o.weight_decay, null, Betas(o.beta1, o.beta2)),
        NAdam.Options o => (o.weight_decay, null, Betas(o.beta1, o.beta2)),
        RAdam.Options o => (o.weight_decay, null, Betas(o.beta1, o.beta2)),
        SGD.Options o => (o.weight_decay, o.momentum, null),
        RMSProp.Options o => (o.weight_decay, o.momentum, null),
        Adagrad.Options o => (o.weight_decay, null, null),
        Adadelta.Options o => (o.weight_decay, null, null),
        ASGD.Options o => (o.weight_decay, null, null),
        _ => (null, null, null),
    };

    private static (double, double)? Betas(double? beta1, double? beta2)
        => beta1 is { } b1 && beta2 is { } b2 ? (b1, b2) : null;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_optimizer")]
    private static extern ref optim.Optimizer SchedulerOptimizer(optim.lr_scheduler.LRScheduler scheduler);

    private static void Unreadable(string kind, string name, object argument, Exception ex)
        => TrackerLog.Warn("torch-argument-" + kind + ":" + argument.GetType().FullName,
            $"The {kind} argument '{name}' ({argument.GetType().Name}) could not be read for the ledger's hyperparameters ({ex.GetType().Name}: {ex.Message}); its facts are left out of the row.");
}
