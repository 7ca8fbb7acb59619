using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Asks the CPU to start loading memory a loop will read a few iterations later, where the loop reads at random
/// (a point and its lists by id, in a projection's order) and would otherwise wait for each cache miss in turn.
/// </summary>
internal static class CacheLines
{
    /// <summary>Starts loading the cache line that holds <paramref name="value"/>; nothing where the CPU has no hint.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="value">An element of an array (read only: the hint never faults, even if the array has moved).</param>
    public static unsafe void Prefetch<T>(ref readonly T value)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in value)));
        }
    }
}
