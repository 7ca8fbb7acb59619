namespace FollowerAudit.Reporting;

/// <summary>Invariant number formats shared by every writer.</summary>
internal static class Format
{
    /// <summary>A share in [0, 1] as a percentage with one decimal, e.g. "12.3%".</summary>
    public static string Percent(double share) =>
        double.IsNaN(share) ? "n/a" : (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>A count with thousands separators, e.g. "12,345".</summary>
    public static string Count(long n) => n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A number with up to four decimals.</summary>
    public static string Number(double x) =>
        double.IsNaN(x) ? "n/a" : x.ToString("#,0.####", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A UTC date and time, minutes precision.</summary>
    public static string Date(DateTime? t) =>
        t is { } v ? v.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
