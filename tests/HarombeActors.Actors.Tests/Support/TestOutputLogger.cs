using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// Routes a test node's logs (Akka's included, through the logger factory) to the test's own output, so an
/// intermittent failure in CI shows what the node said next to the failing test rather than nowhere.
/// </summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
            catch (InvalidOperationException)
            {
                // The test has already finished (a node still shutting down): there is no output to write to.
            }
        }
    }
}
