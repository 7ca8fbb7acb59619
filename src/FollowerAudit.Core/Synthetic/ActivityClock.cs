namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// The rhythm of human activity in UTC ticks: few actions at night (for the Europe/Americas-heavy population, roughly
/// 03–09 UTC) and a dip at weekends. Bots ignore it; organic follows, posts and likes follow it.
/// </summary>
internal static class ActivityClock
{
    /// <summary>Share of weekend activity kept on the weekend; the rest moves to the neighbouring weekday.</summary>
    public const double WeekendFactor = 0.8;

    // Relative activity per UTC hour 0..23: a trough around 05 UTC, a plateau from the European afternoon to the
    // American evening.
    private static readonly double[] HourWeights =
    [
        0.85, 0.7, 0.55, 0.42, 0.33, 0.28, 0.3, 0.38, 0.5, 0.65, 0.8, 0.9,
        1.0, 1.08, 1.15, 1.2, 1.22, 1.22, 1.2, 1.17, 1.12, 1.06, 1.0, 0.93,
    ];

    private static readonly double[] HourCdf = BuildCdf();

    /// <summary>A time of day (ticks since midnight) drawn from the hourly profile.</summary>
    public static long TimeOfDay(Random rng)
    {
        var u = rng.NextDouble();
        var hour = 0;
        while (hour < 23 && HourCdf[hour] <= u)
        {
            hour++;
        }

        return (hour * TimeSpan.TicksPerHour) + (long)(rng.NextDouble() * TimeSpan.TicksPerHour);
    }

    /// <summary>
    /// Moves an instant to an organic time on (about) the same day: keeps the date, redraws the time of day from the
    /// hourly profile, and moves some weekend events to the adjacent weekday. Returns <paramref name="ticks"/>
    /// unchanged when the adjusted time would leave [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public static long Organic(Random rng, long ticks, long min, long max)
    {
        var day = ticks - (ticks % TimeSpan.TicksPerDay);
        var dayOfWeek = new DateTime(day, DateTimeKind.Utc).DayOfWeek;
        if (dayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && rng.NextDouble() > WeekendFactor)
        {
            day += dayOfWeek == DayOfWeek.Saturday ? -TimeSpan.TicksPerDay : TimeSpan.TicksPerDay;
        }

        var candidate = day + TimeOfDay(rng);
        return candidate >= min && candidate <= max ? candidate : ticks;
    }

    private static double[] BuildCdf()
    {
        var total = HourWeights.Sum();
        var cdf = new double[24];
        var running = 0.0;
        for (var h = 0; h < 24; h++)
        {
            running += HourWeights[h] / total;
            cdf[h] = running;
        }

        return cdf;
    }
}
