using System.Text;
using ActorKube.Core.Storage;

namespace ActorKube.Core.Tests.Storage;

public class StoredValueTests
{
    [Fact]
    public void A_deferred_value_is_encoded_once_on_first_read()
    {
        var calls = 0;
        var value = StoredValue.Deferred("pod", o =>
        {
            Interlocked.Increment(ref calls);
            return Encoding.UTF8.GetBytes((string)o);
        });

        Assert.False(value.IsEncoded);
        Assert.Equal(0, calls);
        Assert.Equal("pod", Encoding.UTF8.GetString(value.Bytes));
        Assert.True(value.IsEncoded);
        Assert.Same(value.Bytes, value.Bytes);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Threads_reading_a_deferred_value_at_once_all_get_the_same_bytes()
    {
        for (var round = 0; round < 100; round++)
        {
            var value = StoredValue.Deferred(round, o => Encoding.UTF8.GetBytes(o.ToString()!));
            var seen = new byte[8][];
            Parallel.For(0, seen.Length, i => seen[i] = value.Bytes);
            Assert.All(seen, b => Assert.Same(seen[0], b));
            Assert.Equal(round.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(seen[0]));
        }
    }

    [Fact]
    public void Given_bytes_are_the_value()
    {
        var bytes = new byte[] { 1, 2, 3 };
        StoredValue value = bytes;
        Assert.True(value.IsEncoded);
        Assert.Same(bytes, value.Bytes);
        Assert.Empty(StoredValue.Empty.Bytes);
    }
}
