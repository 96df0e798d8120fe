using ActorKube.Core.Printing;

namespace ActorKube.Core.Tests.Printing;

public class HumanDurationTests
{
    [Theory]
    [InlineData(-3.0, "<invalid>")]
    [InlineData(-2.0, "<invalid>")]
    [InlineData(-1.9, "0s")]
    [InlineData(-1.0, "0s")]
    [InlineData(0.0, "0s")]
    [InlineData(1.0, "1s")]
    [InlineData(70.0, "70s")]
    [InlineData(119.9, "119s")]
    [InlineData(120.0, "2m")]
    [InlineData(121.0, "2m1s")]
    [InlineData(190.0, "3m10s")]
    [InlineData(599.0, "9m59s")]
    [InlineData(600.0, "10m")]
    [InlineData(70 * 60.0, "70m")]
    [InlineData(179 * 60.0 + 59, "179m")]
    [InlineData(180 * 60.0, "3h")]
    [InlineData(185 * 60.0, "3h5m")]
    [InlineData(7 * 3600.0 + 59 * 60, "7h59m")]
    [InlineData(8 * 3600.0, "8h")]
    [InlineData(47 * 3600.0 + 59 * 60, "47h")]
    [InlineData(48 * 3600.0, "2d")]
    [InlineData(49 * 3600.0, "2d1h")]
    [InlineData((7 * 24 + 23) * 3600.0, "7d23h")]
    [InlineData((8 * 24 + 2) * 3600.0, "8d")]
    [InlineData(367 * 24 * 3600.0, "367d")]
    [InlineData(729 * 24 * 3600.0, "729d")]
    [InlineData(730 * 24 * 3600.0, "2y")]
    [InlineData((365 * 2 * 24 + 25) * 3600.0, "2y1d")]
    [InlineData((365 * 8 * 24 + 2) * 3600.0, "8y")]
    [InlineData(365 * 20 * 24 * 3600.0, "20y")]
    public void Format_matches_apimachinery(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(-2.0, "<invalid>")]
    [InlineData(-1.0, "0s")]
    [InlineData(59.9, "59s")]
    [InlineData(60.0, "1m")]
    [InlineData(59 * 60.0 + 59, "59m")]
    [InlineData(3600.0, "1h")]
    [InlineData(23 * 3600.0 + 3599, "23h")]
    [InlineData(24 * 3600.0, "1d")]
    [InlineData(364 * 24 * 3600.0, "364d")]
    [InlineData(365 * 24 * 3600.0, "1y")]
    [InlineData(3 * 365 * 24 * 3600.0, "3y")]
    public void FormatShort_matches_apimachinery(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.FormatShort(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Since_is_unknown_for_unset_and_invalid_for_the_future()
    {
        var now = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal("<unknown>", PrintFormat.Since(null, now));
        Assert.Equal("<unknown>", PrintFormat.Since(DateTime.MinValue, now));
        Assert.Equal("5m", PrintFormat.Since(now.AddMinutes(-5), now));
        Assert.Equal("0s", PrintFormat.Since(now.AddSeconds(1), now));
        Assert.Equal("<invalid>", PrintFormat.Since(now.AddSeconds(3), now));
    }
}
