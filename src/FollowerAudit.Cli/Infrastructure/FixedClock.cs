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

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>The clock for this process: fixed when <see cref="Variable"/> holds a valid epoch, else the system clock.</summary>
    /// <returns>The clock.</returns>
    /// <exception cref="FormatException">The variable is set but is not a whole number of seconds.</exception>
    public static TimeProvider FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return System;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? new FixedClock(DateTimeOffset.FromUnixTimeSeconds(seconds))
            : throw new FormatException($"{Variable}='{value}' is not a number of seconds since 1970-01-01 UTC; unset it or give e.g. {Variable}=1764028800.");
    }
}
