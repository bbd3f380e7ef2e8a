namespace CarbonAttrs.Telemetry.Tests;

/// <summary>
/// The test assembly doubles as the program Prometheus scrapes: <c>prometheus-worker PORT READY_FILE STOP_FILE</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "prometheus-worker")
            return PrometheusWorker.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3]);
        Console.Error.WriteLine("usage: CarbonAttrs.Telemetry.Tests prometheus-worker PORT READY_FILE STOP_FILE");
        return 2;
    }
}
