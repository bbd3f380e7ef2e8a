namespace CarbonAttrs.Analyzers;

/// <summary>Every analyzer diagnostic ID, declared once. IDs are never reused (CARB001-CARB099 are analyzers).</summary>
internal static class DiagnosticIds
{
    /// <summary>A sweep whose energy cost is reported nowhere.</summary>
    public const string UntrackedSweep = "CARB001";

    /// <summary>A sweep whose size is not known at compile time.</summary>
    public const string UnboundedSweep = "CARB002";

    /// <summary>A sweep larger than <c>carbonattrs.max_sweep_configurations</c>.</summary>
    public const string OversizedSweep = "CARB003";

    /// <summary>A training loop whose only exits are data-dependent.</summary>
    public const string UncappedTrainingLoop = "CARB004";

    /// <summary>A forward pass in evaluation code that still records gradients.</summary>
    public const string ForwardWithoutNoGrad = "CARB005";

    /// <summary>A host-device synchronisation on every training step.</summary>
    public const string HostDeviceSyncPerStep = "CARB006";

    /// <summary>Double precision in training code.</summary>
    public const string DoublePrecisionTraining = "CARB007";

    /// <summary>A non-summarised <c>[TrackEmissions]</c> method called on every iteration of a hot loop.</summary>
    public const string UnsummarizedTrackedCallInHotLoop = "CARB008";

    /// <summary>An ML.NET prediction engine created on every iteration of a loop, for the same model.</summary>
    public const string PredictionEngineInLoop = "CARB009";
}
