namespace CarbonAttrs.Cli.Running;

/// <summary>What <c>carbonattrs run</c> was asked to do.</summary>
/// <param name="Command">The program and its arguments.</param>
/// <param name="Name">The rows' <c>method</c>; null: the shortened command line.</param>
/// <param name="Experiment">The rows' <c>experiment_id</c>.</param>
/// <param name="OutputDirectory">Where <c>emissions.csv</c> goes, over <c>CARBONATTRS_OUTPUT_DIR</c>.</param>
/// <param name="Interval">A nested row per interval while the command runs; null: only the final row.</param>
/// <param name="StopGrace">After a budget stop's SIGTERM, how long before SIGKILL.</param>
internal sealed record RunSettings(
    IReadOnlyList<string> Command,
    string? Name,
    string? Experiment,
    string? OutputDirectory,
    TimeSpan? Interval,
    TimeSpan StopGrace);
