using System.ComponentModel;

namespace CarbonAttrs.Runtime;

/// <summary>
/// Put by the generator on the implementation it writes for a partial <see cref="TrackEmissionsAttribute"/>
/// method: the method measures itself, so callers (also in other assemblies) must not wrap its calls again.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackedImplementationAttribute : Attribute
{
}
