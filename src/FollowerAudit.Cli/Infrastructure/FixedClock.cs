using System.Globalization;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>
/// A clock stopped at one instant. With <c>SOURCE_DATE_EPOCH</c> set (the reproducible-builds convention: seconds
/// since 1970-01-01 UTC) the run's timestamps in run.json and the report are that instant, so the same input, seed and
/// epoch give byte-identical reports.
/// </summary>
/// <param name="now">The instant.</param>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The environment variable read by <see cref="FromEnvironment"/>.</summary>
    public const string Variable = "SOURCE_DATE_EPOCH";

    /// <summary>The largest accepted <see cref="Variable"/>: 9999-12-31T23:59:59Z.</summary>
    public const long MaxSeconds = 253402300799;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>The clock for this process: fixed when <see cref="Variable"/> holds a valid epoch, else the system clock.</summary>
    /// <returns>The clock.</returns>
    /// <exception cref="FormatException">The variable is set but is not a whole number of seconds.</exception>
    public static TimeProvider FromEnvironment() => FromValue(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The clock for a value of <see cref="Variable"/>: fixed when it holds a valid epoch, the system clock when empty.</summary>
    /// <param name="value">The variable's value, or null when unset.</param>
    /// <returns>The clock.</returns>
    /// <exception cref="FormatException">The value is not a whole number of seconds, or is past 9999-12-31T23:59:59Z.</exception>
    public static TimeProvider FromValue(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return System;
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new FormatException($"{Variable}='{value}' is not a number of seconds since 1970-01-01 UTC; unset it or give e.g. {Variable}=1764028800.");
        }

        // DateTimeOffset ends with year 9999; a larger number is a clear error, not an overflow deep in the run.
        return seconds <= MaxSeconds
            ? new FixedClock(DateTimeOffset.FromUnixTimeSeconds(seconds))
            : throw new FormatException($"{Variable}='{value}' is out of range: give seconds since 1970-01-01 UTC up to {MaxSeconds.ToString(CultureInfo.InvariantCulture)} (9999-12-31T23:59:59Z), e.g. {Variable}=1764028800.");
    }
}
