namespace HarombeActors.Bench;

public static class Polling
{
    /// <summary>Reads until <paramref name="done"/> holds (at most <paramref name="limit"/>, 30 s by default) and returns what it read.</summary>
    public static async Task<T> WaitFor<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? limit = null)
    {
        var bound = limit ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not reached in {bound.TotalSeconds:0} s");
            await Task.Delay(1); // polling a read-only status; never part of a measured interval
        }
    }
}
